// Answers with the event exactly as the gateway built it; a JSON body {"return": X} makes it return
// X verbatim instead, so tests can see how the gateway maps any result.
export const handler = async (event) => {
  const body = jsonBody(event);
  if (body !== null && typeof body === 'object' && 'return' in body) return body.return;
  return { statusCode: 200, body: JSON.stringify(event) };
};

function jsonBody(event) {
  try {
    return JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body);
  } catch {
    return undefined;
  }
}

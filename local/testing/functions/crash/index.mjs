// The runtime process dies mid-invocation, as a fatal native error would end it, when the body
// says {"crash": true}; otherwise it answers, so tests can see the function recover.
export const handler = async (event) => {
  if (JSON.parse(event.body ?? '{}').crash) process.exit(3);
  return { statusCode: 200, body: JSON.stringify({ crashed: false }) };
};

// Holds the MB given in the body's {"mb": N} for as long as the environment lives. Filling the buffer
// writes every page, so the process's resident memory really grows.
const held = [];

export const handler = async (event) => {
  const { mb } = JSON.parse(event.body);
  held.push(Buffer.alloc(mb * 1024 * 1024, 1));
  const heldMb = held.reduce((total, buffer) => total + buffer.length, 0) / (1024 * 1024);
  return { statusCode: 200, body: JSON.stringify({ heldMb }) };
};

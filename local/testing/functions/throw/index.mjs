// The handler fails with an error type of its own, as business code does.
class TeapotError extends Error {
  name = 'TeapotError';
}

export const handler = async () => {
  throw new TeapotError('thrown on purpose');
};

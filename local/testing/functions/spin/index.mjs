// Spins for the wall-clock time the body's {"ms": N} says and answers with the CPU time it got:
// for the CPU model, which holds an environment to a share of a core.
export const handler = async (event) => {
  const { ms } = JSON.parse(event.body);
  const started = Date.now();
  const before = process.cpuUsage();
  while (Date.now() - started < ms) {
    // Nothing but CPU.
  }
  const { user, system } = process.cpuUsage(before);
  return { statusCode: 200, body: JSON.stringify({ wallMs: Date.now() - started, cpuMs: (user + system) / 1000 }) };
};

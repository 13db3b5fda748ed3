// A timer that ticks every 10 ms from INIT on, in the background: the answer is how often it has
// fired, so a caller can tell whether the environment ran between its invocations.
let ticks = 0;
setInterval(() => {
  ticks += 1;
}, 10);

export const handler = async () => ({ statusCode: 200, body: JSON.stringify({ ticks }) });

/**
 * Where `npm run local` listens unless LOCAL_PORT says otherwise, so `k6 run dist/<test>.js`
 * finds the stand-in with no BASE_URL. Plain values only: k6 scripts bundle this file too.
 */
export const standInDefaults = { host: '127.0.0.1', port: 3210 } as const;

/** The account the stand-in plays, in function ARNs and API Gateway request contexts. */
export const localAccountId = '000000000000';

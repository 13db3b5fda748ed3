/**
 * What callers of the stand-in rely on. Plain values only: k6 scripts bundle this file too.
 *
 * Where `npm run local` listens unless LOCAL_PORT says otherwise, so `k6 run dist/<test>.js`
 * finds the stand-in with no BASE_URL.
 */
export const standInDefaults = { host: '127.0.0.1', port: 3210 } as const;

/**
 * The stand-in's own controls, outside the route table (no AWS feature): `DELETE` drops every
 * execution environment so the next requests start cold, `GET` lists them.
 */
export const environmentsPath = '/__stand-in/environments';

/** The account the stand-in plays, in function ARNs and API Gateway request contexts. */
export const localAccountId = '000000000000';

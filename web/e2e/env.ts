/** The port of the server the e2e run starts (the API and the built portal). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4199);

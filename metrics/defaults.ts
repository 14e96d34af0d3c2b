/** Each process's operations port when OPS_PORT is unset (npm start runs one of each on one host). */
export const DEFAULT_OPS_PORTS = { worker: 9464, webhooks: 9465, webview: 9466 } as const;

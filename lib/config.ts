/** Defaults shared by the processes; each can be overridden by the environment (see README). */
export const DEFAULT_REGISTRY_URL = "http://127.0.0.1:5000";

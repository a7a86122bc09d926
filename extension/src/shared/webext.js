/** The one browser-API wrapper: Firefox exposes `browser`, Chrome `chrome`; both speak promises in MV3. */
export const webext = globalThis.browser ?? globalThis.chrome;

/**
 * Message names between the content script, popup, options page and background worker.
 * One dispatcher in the background handles each; unknown names are errors.
 */
export const MSG = Object.freeze({
  // content script → background (any tab may send these)
  PAGE_DATA: 'footnote/page-data',
  PAGE_COUNT: 'footnote/page-count',
  SAVE_ANNOTATION: 'footnote/save-annotation',
  UPDATE_ANNOTATION: 'footnote/update-annotation',
  DELETE_ANNOTATION: 'footnote/delete-annotation',
  WRITABLE_SETS: 'footnote/writable-sets',
  FOLLOW_FROM_PAGE: 'footnote/follow-from-page',
  // talking back from a card (docs/extension.md, "Talking back"): each on an explicit confirm
  REPLY: 'footnote/reply', // {followId, id, text} → {reply}
  RATE: 'footnote/rate', // {followId, id, helpful, reason?} → {rating}
  UNRATE: 'footnote/unrate', // {followId, id} → {rating: null}
  REPORT: 'footnote/report', // {followId, id, sentence, reason?}; the URL is the sender's → {report}
  OPEN_OPTIONS: 'footnote/open-options', // a card's "Sign in" → the options page
  LOAD_BUNDLE: 'footnote/load-bundle', // {name} injects one of BUNDLES into the sender's frame
  // extension pages (popup, options) → background
  GET_STATE: 'footnote/get-state',
  SET_SERVICE_URL: 'footnote/set-service-url',
  SIGN_IN: 'footnote/sign-in',
  SIGN_OUT: 'footnote/sign-out',
  LIST_SERVICE_SETS: 'footnote/list-service-sets',
  FOLLOW_SET: 'footnote/follow-set',
  FOLLOW_SHARE_LINK: 'footnote/follow-share-link',
  FOLLOW_STATIC: 'footnote/follow-static',
  UNFOLLOW: 'footnote/unfollow',
  SET_ENABLED: 'footnote/set-enabled',
  SYNC_NOW: 'footnote/sync-now',
  SET_PREFERENCES: 'footnote/set-preferences', // {hideNotHelpful} → {settings}
  LOCAL_LIST: 'footnote/local-list', // → {annotations, uploadTargets, signedIn, local}
  LOCAL_DELETE: 'footnote/local-delete', // {id}
  LOCAL_EXPORT: 'footnote/local-export', // → {collection}: the local set as W3C JSON-LD
  LOCAL_UPLOAD: 'footnote/local-upload', // {setId} → {uploaded, failed, set}
  // background or popup → content script
  GET_PAGE_STATE: 'footnote/get-page-state',
  OPEN_EDITOR: 'footnote/open-editor',
  SET_HIDDEN: 'footnote/set-hidden', // {hidden: true|false|'toggle'} → {hidden}
  OPEN_PANEL: 'footnote/open-panel', // → {opened}
  REVEAL: 'footnote/reveal', // {key, index} → {shown: {index, count} | null}: scroll to, focus
});

/** Messages only extension pages (never a content script) may send. */
export const PRIVILEGED = new Set([
  MSG.GET_STATE,
  MSG.SET_SERVICE_URL,
  MSG.SIGN_IN,
  MSG.SIGN_OUT,
  MSG.LIST_SERVICE_SETS,
  MSG.FOLLOW_SET,
  MSG.FOLLOW_SHARE_LINK,
  MSG.FOLLOW_STATIC,
  MSG.UNFOLLOW,
  MSG.SET_ENABLED,
  MSG.SYNC_NOW,
  MSG.SET_PREFERENCES,
  MSG.LOCAL_LIST,
  MSG.LOCAL_DELETE,
  MSG.LOCAL_EXPORT,
  MSG.LOCAL_UPLOAD,
]);

/** Storage keys in chrome.storage.local. */
export const KEYS = Object.freeze({
  SETTINGS: 'settings',
  FOLLOWS: 'follows',
  RATINGS: 'ratings',
  setData: (followId) => `set:${followId}`,
});

export const DEFAULT_SERVICE_URL = 'http://127.0.0.1:5000';
export const SYNC_ALARM = 'footnote-sync';
export const SYNC_PERIOD_MINUTES = 30;
export const CONTEXT_MENU_ID = 'footnote-annotate';
export const COMMAND_ANNOTATE = 'annotate-selection';
export const COMMAND_TOGGLE_HIDDEN = 'toggle-hidden';
/** Banners the reader hid: {[record key]: modified date when hidden}. */
export const DISMISSED_KEY = 'dismissed';
/** The local set's switch: false when the reader switched it off (absent means on). */
export const LOCAL_ENABLED_KEY = 'localEnabled';
/**
 * The content script's lazily loaded bundles (built by build.mjs from content/*-entry.js): the
 * background injects one into a tab's isolated world the first time that page needs it, and it
 * hands its exports over through a shared global (bundleGlobal). Pages that never need one never
 * parse it: the panel on first open, the card, banner, editor and adder on first use, the DOM
 * selector engine only for notes that only DOM selectors can place.
 */
export const BUNDLES = Object.freeze({
  panel: 'panel.js',
  ui: 'page-parts.js',
  anchoring: 'anchoring.js',
});

/** The global (Symbol.for) through which a lazily injected bundle hands over its exports. */
export const bundleGlobal = (name) => Symbol.for(`footnote.bundle.${name}`);
/** Labels hidden "on this site": {[host name]: {[record key]: modified date when hidden}}. */
export const HIDDEN_LABELS_KEY = 'hiddenLabels';

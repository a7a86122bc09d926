/** The look of UI drawn in pages: verdict colours (shared) and the shadow roots' stylesheet. */
export { VERDICT_LOOK, kindName, lookOf } from '../shared/look.js';

/** Stylesheet of the card, banner and badge shadow roots (constant text). */
export const SHADOW_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.card { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f1f1f;
  background: #fff; border: 1px solid #c9c9c9; border-radius: 8px; box-shadow: 0 6px 24px rgba(0,0,0,.22);
  padding: 12px 14px; width: 360px; max-width: calc(100vw - 16px); overflow: auto; overscroll-behavior: contain; }
.card:focus { outline: none; }
.occurrence { font-size: 12px; color: #5f6368; margin: 0 0 8px; }
.note-text { margin: 4px 0 8px; padding: 2px 0 2px 10px; border-left: 3px solid #ffd60a; }
.meta a { color: #1a56b5; }
.card.editor { max-height: calc(100vh - 24px); width: 380px; }
.entry + .entry { border-top: 1px solid #e3e3e3; margin-top: 10px; padding-top: 10px; }
.head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-bottom: 6px; }
.pill { display: inline-block; font-weight: 700; font-size: 12px; letter-spacing: .02em; color: #fff;
  border-radius: 999px; padding: 1px 9px; text-transform: uppercase; }
.kind { font-size: 12px; color: #5f6368; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0 8px; }
.sources { margin: 0 0 8px; padding-left: 18px; }
.sources li { margin: 2px 0; overflow-wrap: anywhere; }
a { color: #1a56b5; }
.meta { font-size: 12px; color: #5f6368; }
.tags { font-size: 12px; color: #5f6368; margin-bottom: 6px; }
.actions { margin-top: 8px; display: flex; flex-wrap: wrap; gap: 6px 8px; }
.rating-status { display: inline-block; font-size: 12px; font-weight: 600; margin-left: auto;
  padding: 0 8px; white-space: nowrap; border-radius: 999px; border: 1px solid #c9c9c9; color: #3c4043; }
.rating-status.helpful { border-color: #1e7b34; color: #1e7b34; }
.rating-status.not-helpful { border-color: #b3261e; color: #b3261e; }
.replies { margin: 8px 0 0; border-left: 2px solid #e3e3e3; padding-left: 10px; }
.thread { list-style: none; margin: 0; padding: 0; }
.reply + .reply { margin-top: 6px; }
.reply-text { margin: 1px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.mine { font-size: 12px; color: #3c4043; margin: 6px 0 0; }
.talk { margin-top: 8px; padding: 8px; background: #f6f8fc; border: 1px solid #d7dde8; border-radius: 6px; }
.sends { font-size: 12px; color: #3c4043; margin: 0; overflow-wrap: anywhere; }
.done { font-size: 13px; color: #1e7b34; margin: 0; }
.error:empty { display: none; }
.row.buttons > * { flex: 0 0 auto; }
button.link { border: none; background: none; color: #1a56b5; text-decoration: underline; padding: 2px 0;
  font-size: 12px; }
button[aria-pressed="true"], button[aria-expanded="true"] { background: #e8f0fe; border-color: #1a56b5; color: #174ea6; font-weight: 600; }
button { font: inherit; font-size: 13px; border: 1px solid #b0b0b0; background: #f6f6f6; border-radius: 6px;
  padding: 3px 10px; cursor: pointer; color: #1f1f1f; }
button.danger { border-color: #b3261e; color: #b3261e; }
button.primary { background: #1a56b5; border-color: #1a56b5; color: #fff; }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible {
  outline: 2px solid #1a56b5; outline-offset: 2px; }
.banner { font: 13px/1.4 system-ui, sans-serif; color: #1f1f1f; background: #fff8e1; border-bottom: 2px solid;
  padding: 4px 10px; }
.banner .bar { display: flex; gap: 8px; align-items: center; min-height: 26px; }
.banner .summary { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.banner .details { padding: 6px 0 4px; max-width: 760px; }
.banner button.link { border: none; background: none; color: #1a56b5; text-decoration: underline; padding: 2px 4px; }
.banner button.close { border: none; background: none; font-size: 18px; line-height: 1; padding: 2px 8px; }
.badge { font: 700 10px/1 system-ui, sans-serif; color: #fff; border-radius: 3px; padding: 2px 4px;
  margin-left: 2px; vertical-align: super; text-transform: uppercase; letter-spacing: .03em; white-space: nowrap; }
form { display: grid; gap: 8px; }
label { display: grid; gap: 3px; font-size: 12px; color: #3c4043; }
input, select, textarea { font: inherit; font-size: 13px; padding: 5px 7px; border: 1px solid #b0b0b0;
  border-radius: 6px; width: 100%; background: #fff; color: #1f1f1f; }
textarea { min-height: 64px; resize: vertical; }
.quote { font-style: italic; border-left: 3px solid #d0d0d0; padding-left: 8px; margin: 0 0 8px;
  white-space: pre-wrap; overflow-wrap: anywhere; max-height: 6em; overflow: auto; }
.error { color: #b3261e; font-size: 13px; }
.row { display: flex; gap: 8px; }
.row > * { flex: 1; }
h2 { font-size: 15px; margin: 0 0 8px; }
`;

/**
 * The options page's "Local notes" section: the local set listed (quote, note, page, date) with
 * Delete, exported as a W3C JSON file, and uploaded in one step into a set on the service; a
 * switch shows or hides them on pages, the same switch as a followed set's.
 * Nothing here sends anything until Upload, and the Upload button's description says what is sent.
 */
import { el, safeLink } from '../shared/dom.js';
import { MSG } from '../shared/messages.js';
import { setSwitch } from '../shared/set-switch.js';

const $ = (id) => document.getElementById(id);
const asArray = (value) => (value === undefined || value === null ? [] : [].concat(value));

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** What a local annotation says, in the pieces the list shows. */
export function describeLocal(annotation) {
  const selectors = asArray(annotation.target?.selector);
  const quote = selectors.find((s) => s?.type === 'TextQuoteSelector')?.exact ?? null;
  const claim = selectors.find((s) => s?.type === 'ClaimPatternSelector');
  const text = asArray(annotation.body).find((b) => typeof b?.value === 'string')?.value ?? '';
  return {
    id: annotation.id,
    quote,
    claim: claim ? asArray(claim.all).map((group) => asArray(group).join(', ')) : null,
    text,
    page: annotation.target?.source ?? null,
    created: annotation.created ?? null,
  };
}

function pageLabel(url) {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return String(url);
  }
}

function item(annotation, onDelete) {
  const note = describeLocal(annotation);
  const what = note.quote ?? (note.claim ? `Claim label: ${note.claim.join(' + ')}` : 'Page note');
  const remove = el('button', {
    type: 'button',
    class: 'danger',
    text: 'Delete',
    'aria-label': `Delete the local note on “${what.slice(0, 60)}”`,
  });
  remove.addEventListener('click', () => onDelete(note));
  const date = note.created ? new Date(note.created) : null;
  return el('li', { 'data-local-id': note.id, class: 'local-note' }, [
    el('div', { class: 'local-body' }, [
      el('blockquote', { class: 'local-quote', text: what }),
      note.text ? el('p', { class: 'local-text', text: note.text }) : null,
      el('p', { class: 'hint' }, [
        note.page ? safeLink(note.page, pageLabel(note.page)) : 'Every page that says this',
        date ? ' · ' : null,
        date ? el('time', { datetime: note.created, text: date.toLocaleString() }) : null,
      ]),
    ]),
    remove,
  ]);
}

function download(collection) {
  const blob = new Blob([JSON.stringify(collection, null, 2)], {
    type: 'application/ld+json',
  });
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: 'footnote-local-notes.jsonld' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Wires the section. `request` asks the background; `say(text, bad)` writes the page's status
 * line. Returns `refresh()`, which redraws the section from storage.
 */
export function createLocalNotes({ request, say, serviceName }) {
  let count = 0;
  let toggle = null; // made once, so that a redraw keeps the keyboard's focus on it

  async function onDelete(note) {
    try {
      await request(MSG.LOCAL_DELETE, { id: note.id });
      say('Local note deleted.');
    } catch (error) {
      say(error.message, true);
    }
    await refresh();
  }

  async function refresh() {
    let state;
    try {
      state = await request(MSG.LOCAL_LIST);
    } catch (error) {
      say(`Footnote could not read the local notes: ${error.message}`, true);
      return;
    }
    const { annotations, uploadTargets, signedIn, local } = state;
    count = annotations.length;
    if (!toggle) {
      toggle = setSwitch(local, (error) => say(error.message, true));
      $('local-switch').replaceChildren(
        el('label', { class: 'switch' }, [toggle, 'Show local notes on pages']),
      );
    }
    toggle.checked = local.enabled !== false;
    $('local-notes').replaceChildren(
      ...(count
        ? annotations.map((a) => item(a, onDelete))
        : [el('li', { class: 'hint', text: 'No local notes.' })]),
    );
    $('local-export').disabled = !count;
    const select = $('local-upload-set');
    const chosen = select.value;
    select.replaceChildren(
      ...uploadTargets.map((s) => el('option', { value: s.setId, text: s.title })),
    );
    if (uploadTargets.some((s) => s.setId === chosen)) select.value = chosen;
    $('local-upload-form').hidden = !count || !uploadTargets.length;
    const service = serviceName();
    $('local-upload-what').textContent = !count
      ? ''
      : uploadTargets.length
        ? `Upload sends ${plural(count, 'local note', 'local notes')} (quote, page address, ` +
          `text, tags and sources) to ${service}, into the set you choose; once there, ` +
          `${count === 1 ? 'it leaves' : 'they leave'} this browser’s local set.`
        : signedIn
          ? `To upload ${count === 1 ? 'it' : 'them'}, you need a set you can edit on ${service}.`
          : `Sign in (Account, above) to upload ${count === 1 ? 'it' : 'them'} into a set ` +
            `you can edit on ${service}.`;
  }

  $('local-export').addEventListener('click', async () => {
    try {
      const { collection } = await request(MSG.LOCAL_EXPORT);
      download(collection);
      say(`Exported ${plural(collection.total, 'local note', 'local notes')} as W3C JSON.`);
    } catch (error) {
      say(error.message, true);
    }
  });

  $('local-upload-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('local-upload');
    button.disabled = true;
    say('Uploading…');
    try {
      const reply = await request(MSG.LOCAL_UPLOAD, { setId: $('local-upload-set').value });
      const done = `Uploaded ${plural(reply.uploaded, 'note', 'notes')} to “${reply.set.title}”.`;
      if (reply.failed.length) {
        say(
          `${reply.uploaded ? done : 'Nothing was uploaded.'} ` +
            `${plural(reply.failed.length, 'note stays', 'notes stay')} in this browser: ` +
            `${reply.failed[0].message}`,
          true,
        );
      } else {
        say(done);
      }
    } catch (error) {
      say(`Nothing was uploaded: ${error.message}`, true);
    } finally {
      button.disabled = false;
    }
    await refresh();
  });

  return { refresh };
}

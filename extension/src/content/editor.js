/**
 * The on-page editor for a new or existing annotation, in a closed shadow root. It builds the wire
 * format annotation; the background worker sends it to the service.
 */
import { KIND, VERDICTS } from '../shared/vocabulary.js';
import { el, forceStyle, shadowHost } from './dom.js';
import { SHADOW_CSS } from './look.js';
import { claimSelector } from './claim-selector.js';
import { ALIAS_FLAGS, ALIAS_LANGUAGES, readOptions, withOptions } from './alias-options.js';
import { MARGIN, placeInArea, visibleArea } from './card.js';

const EDITOR_WIDTH = 380;

const splitList = (text) =>
  String(text)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Parses "URL title" lines into sources. */
export function parseSources(text) {
  return String(text)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const space = line.search(/\s/);
      const id = space === -1 ? line : line.slice(0, space);
      const title = space === -1 ? '' : line.slice(space + 1).trim();
      return title ? { id, title } : { id };
    });
}

function field(label, control) {
  return el('label', {}, [label, control]);
}

const hostOf = (url) => {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
};

/**
 * Where a note goes, said before it is written: "Saved in this browser only — Local notes" or
 * "Saved to <set> on <service>". `set` is an entry of the writable-sets reply (or, editing, the
 * card's record reduced to {title, local, service}).
 */
export function destinationText(set) {
  if (!set) return 'Finding where this will be saved…';
  if (set.local && set.enabled === false)
    return `Saved in this browser only — ${set.title} (switched off: not shown until you switch it on)`;
  if (set.local) return `Saved in this browser only — ${set.title}`;
  const host = hostOf(set.service);
  return host ? `Saved to ${set.title} on ${host}` : `Saved to ${set.title}`;
}

const DESTINATION_STYLE =
  'margin: 0 0 4px; padding: 5px 8px; border-radius: 6px; background: #eef3fb; color: #1f1f1f;' +
  ' font-size: 13px; font-weight: 600; overflow-wrap: anywhere';
const LOCAL_HINT = 'Nothing is sent anywhere; upload it to a set later from Footnote’s options.';

/** The alias options in words: a language and one box to tick per flag. */
function aliasOptionFields() {
  const lang = el(
    'select',
    { name: 'alias-lang' },
    ALIAS_LANGUAGES.map(({ lang: value, words }) => el('option', { value, text: words })),
  );
  const boxes = ALIAS_FLAGS.map(({ flag, words }) => {
    const box = el('input', { type: 'checkbox', name: `alias-${flag}`, style: 'width: auto' });
    return { flag, box, row: el('label', { style: 'display: flex; gap: 6px' }, [box, words]) };
  });
  return {
    nodes: [field('Language of these words', lang), ...boxes.map((b) => b.row)],
    read: () => ({
      lang: lang.value,
      flags: boxes.filter((b) => b.box.checked).map((b) => b.flag),
    }),
    show({ lang: value, flags }) {
      lang.value = value;
      for (const b of boxes) b.box.checked = flags.has(b.flag);
    },
  };
}

/**
 * Creates the page's editor. `listWritableSets`, `save` and `update` ask the background and reject
 * with an Error on failure (shared/messaging.js); `onSaved(annotation)` draws.
 */
export function createEditor({ listWritableSets, save, update, onSaved, onClosed = () => {} }) {
  const { host, root } = shadowHost('footnote-editor', SHADOW_CSS);
  forceStyle(host, {
    all: 'initial',
    position: 'fixed',
    top: `${MARGIN}px`,
    right: `${MARGIN}px`,
    'z-index': '2147483647',
    display: 'block',
  });
  const card = el('div', {
    class: 'card editor',
    role: 'dialog',
    'aria-label': 'Footnote: annotate',
  });
  root.append(card);
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
    event.stopPropagation();
  });

  let anchor = null; // () => the passage's box now, or null
  let frame = 0;
  const follow = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => place(anchor?.()));
  };

  function close() {
    host.remove();
    card.replaceChildren();
    anchor = null;
    window.removeEventListener('scroll', follow, { capture: true });
    window.removeEventListener('resize', follow);
    globalThis.visualViewport?.removeEventListener('resize', follow);
    globalThis.visualViewport?.removeEventListener('scroll', follow);
    onClosed();
  }

  /**
   * Next to the passage, never over it: below or above its box (cardPlacement), scrolling inside
   * when neither side has room for all of it. Without a passage (editing from a card), top right.
   */
  function place(anchorRect) {
    // On a page shown zoomed out (no viewport meta on a phone), zoomed back to size, as the card.
    const area = visibleArea();
    card.style.zoom = area.zoom === 1 ? '' : String(area.zoom);
    const width = Math.min(EDITOR_WIDTH, area.width / area.zoom - 2 * MARGIN);
    card.style.width = `${width}px`;
    if (!anchorRect) {
      // Editing from a card: the top right of what the reader sees, all of it on screen (an
      // editor opened on a passage before left the host where that passage was).
      card.style.maxHeight = `${area.height / area.zoom - 2 * MARGIN}px`;
      forceStyle(host, {
        left: `${area.left + area.width - (width + MARGIN) * area.zoom}px`,
        top: `${area.top + MARGIN * area.zoom}px`,
        right: 'auto',
      });
      return;
    }
    card.style.maxHeight = 'none';
    const height = card.getBoundingClientRect().height;
    const spot = placeInArea(anchorRect, area, height, { width: EDITOR_WIDTH });
    card.style.maxHeight = `${spot.maxHeight}px`;
    forceStyle(host, { left: `${spot.left}px`, top: `${spot.top}px`, right: 'auto' });
  }

  async function open({
    quote = null,
    target = null,
    documentLinks = null,
    record = null,
    anchorRect = null,
    kind: startKind = null,
  }) {
    // The passage moves when marks are redrawn around it or the page scrolls: follow it.
    anchor = typeof anchorRect === 'function' ? anchorRect : anchorRect ? () => anchorRect : null;
    if (anchor) {
      window.addEventListener('scroll', follow, { passive: true, capture: true });
      window.addEventListener('resize', follow, { passive: true });
      globalThis.visualViewport?.addEventListener('resize', follow, { passive: true });
      globalThis.visualViewport?.addEventListener('scroll', follow, { passive: true });
    }
    const editing = Boolean(record);
    const kind = el('select', { name: 'kind' }, [
      el('option', { value: KIND.NOTE, text: 'Note on this passage' }),
      el('option', { value: KIND.CLAIM, text: 'Claim label: mark every page that says this' }),
    ]);
    const text = el('textarea', { name: 'text', maxlength: '10000' });
    const verdict = el('select', { name: 'verdict' }, [
      el('option', { value: '', text: 'No verdict' }),
      ...VERDICTS.map(({ id, label }) => el('option', { value: id, text: label })),
    ]);
    const aliases = el('input', { name: 'aliases', type: 'text' });
    const also = el('input', {
      name: 'also',
      type: 'text',
      placeholder: 'optional, e.g. llama 4, llama',
    });
    const sources = el('textarea', {
      name: 'sources',
      placeholder: 'https://example.org/evidence Title of the evidence',
    });
    const tags = el('input', { name: 'tags', type: 'text', placeholder: 'comma, separated' });
    const setSelect = el('select', { name: 'set' });
    const destination = el('p', {
      class: 'destination',
      'data-destination': '',
      style: DESTINATION_STYLE,
      text: destinationText(null),
    });
    const localHint = el('span', { class: 'meta', text: LOCAL_HINT });
    localHint.hidden = true;
    let setsById = new Map();
    const showDestination = (set) => {
      destination.textContent = destinationText(set);
      destination.dataset.destination = set ? (set.local ? 'local' : 'service') : '';
      localHint.hidden = !set?.local;
    };
    setSelect.addEventListener('change', () => showDestination(setsById.get(setSelect.value)));
    const error = el('p', { class: 'error', role: 'alert' });
    const saveButton = el('button', {
      type: 'submit',
      class: 'primary',
      text: editing ? 'Save changes' : 'Save',
    });
    const cancel = el('button', { type: 'button', text: 'Cancel' });
    cancel.addEventListener('click', close);

    const options = aliasOptionFields();
    const claimFields = el('div', { style: 'display: grid; gap: 8px' }, [
      field('Verdict', verdict),
      field('Words that make the claim (aliases, comma separated)', aliases),
      field('…in the same sentence as any of (aliases, comma separated)', also),
      ...options.nodes,
    ]);
    const sync = () => {
      claimFields.style.display = kind.value === KIND.CLAIM ? 'grid' : 'none';
    };
    kind.addEventListener('change', sync);

    if (editing) {
      kind.value = record.kind === KIND.CLAIM ? KIND.CLAIM : KIND.NOTE;
      kind.disabled = true;
      text.value = record.text;
      verdict.value = record.verdict ?? '';
      const shown = readOptions((record.claim?.all ?? []).slice(0, 2));
      aliases.value = (shown.groups[0] ?? []).join(', ');
      also.value = (shown.groups[1] ?? []).join(', ');
      options.show(shown);
      sources.value = record.sources.map((s) => (s.title ? `${s.id} ${s.title}` : s.id)).join('\n');
      tags.value = record.tags.join(', ');
      setSelect.append(el('option', { value: record.followId, text: record.setTitle }));
      setSelect.disabled = true;
      showDestination({
        title: record.setTitle,
        local: record.followId === 'local',
        service: record.setUrl ?? record.permalink,
      });
    } else {
      aliases.value = quote?.exact?.replace(/\s+/g, ' ').trim().toLowerCase() ?? '';
      if (startKind === KIND.CLAIM) kind.value = KIND.CLAIM;
    }
    sync();

    const form = el('form', {}, [
      el('h2', { text: editing ? 'Edit annotation' : 'Annotate with Footnote' }),
      destination,
      localHint,
      quote ? el('p', { class: 'quote', text: quote.exact }) : null,
      field('Kind', kind),
      field('Note or explanation (plain text)', text),
      claimFields,
      field('Sources (one per line: URL, then a title)', sources),
      field('Tags', tags),
      field('Set', setSelect),
      error,
      el('div', { class: 'actions' }, [saveButton, cancel]),
    ]);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.textContent = '';
      const isClaim = kind.value === KIND.CLAIM;
      const body = text.value.trim()
        ? [
            {
              type: 'TextualBody',
              value: text.value,
              format: 'text/plain',
              purpose: isClaim ? 'describing' : 'commenting',
            },
          ]
        : [];
      const common = { body, sources: parseSources(sources.value), tags: splitList(tags.value) };
      let claimTarget = null;
      if (isClaim) {
        const chosen = options.read();
        const groups = [splitList(aliases.value), splitList(also.value)]
          .filter((g) => g.length)
          .map((g) => g.map((alias) => withOptions(alias, chosen)));
        if (!groups.length || !groups[0].length) {
          error.textContent = 'A claim label needs at least one alias.';
          return;
        }
        claimTarget = { selector: claimSelector(groups, editing ? record.claim : null) };
        common.verdict = verdict.value || null;
      }
      saveButton.disabled = true;
      let write;
      if (editing) {
        const change = { ...common };
        if (claimTarget) change.target = claimTarget;
        write = update(record, change);
      } else {
        const annotation = isClaim
          ? { kind: KIND.CLAIM, motivation: 'assessing', ...common, target: claimTarget }
          : {
              kind: KIND.NOTE,
              motivation: 'commenting',
              ...common,
              target,
              ...(documentLinks ? { document: { links: documentLinks } } : {}),
            };
        write = save(setSelect.value, annotation);
      }
      let reply;
      try {
        reply = await write;
      } catch (failure) {
        error.textContent = failure.message || 'Could not save.';
        return;
      } finally {
        saveButton.disabled = false;
      }
      close();
      onSaved(reply.annotation);
    });

    card.replaceChildren(form);
    if (!host.isConnected) document.documentElement.append(host);
    place(anchor?.());
    if (!editing) {
      saveButton.disabled = true; // until the chooser says where the note goes
      let sets = [];
      try {
        sets = (await listWritableSets()).sets ?? [];
      } catch (failure) {
        error.textContent = `Footnote could not list your sets: ${failure.message}`;
      }
      setsById = new Map(sets.map((s) => [s.setId, s]));
      setSelect.replaceChildren(
        ...sets.map((s) =>
          el('option', {
            value: s.setId,
            text: s.local ? `${s.title} (this browser only)` : s.title,
          }),
        ),
      );
      showDestination(sets[0] ?? null);
      saveButton.disabled = !sets.length;
      if (!sets.length) destination.textContent = 'Footnote cannot save notes right now.';
    }
    place(anchor?.());
    text.focus({ preventScroll: true });
  }

  return { open, close, host, isOpen: () => host.isConnected, reposition: follow };
}

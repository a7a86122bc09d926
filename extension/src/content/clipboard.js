/** Copies text from a content script: the async clipboard, else a hidden textarea and copy. */
export async function copyText(document, text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('style', 'position: fixed; top: -1000px; opacity: 0');
    document.documentElement.append(area);
    area.select();
    let ok;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

// URL patterns: `host[/path-prefix]`, optionally `*.host` (docs/wire-format.md, "URL patterns").

function splitPattern(pattern) {
  let p = pattern.trim();
  const scheme = p.indexOf('://');
  if (scheme >= 0) p = p.slice(scheme + 3);
  const slash = p.indexOf('/');
  const host = (slash >= 0 ? p.slice(0, slash) : p).toLowerCase().replace(/\.+$/, '');
  return [host, slash >= 0 ? p.slice(slash) : ''];
}

/** True when any pattern matches the URL (hosts case-insensitive, path prefixes exact). */
export function urlMatches(patterns, url) {
  if (!url || !patterns || patterns.length === 0) return false;
  let parsed;
  try {
    parsed = new URL(url.trim());
  } catch {
    return false;
  }
  let host = parsed.hostname.toLowerCase().replace(/\.+$/, '');
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (!host) return false;
  const path = parsed.pathname || '/';
  for (const pattern of patterns) {
    const [phost, ppath] = splitPattern(pattern);
    if (!phost) continue;
    let hostOk;
    if (phost.startsWith('*.')) {
      const base = phost.slice(2);
      hostOk = base.length > 0 && host.endsWith('.' + base);
    } else {
      hostOk = host === phost || host.endsWith('.' + phost);
    }
    if (hostOk && (!ppath || path.startsWith(ppath))) return true;
  }
  return false;
}

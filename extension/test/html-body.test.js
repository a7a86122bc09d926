// HTML bodies become DOM nodes from an allowlist (shared/html-body.js), never innerHTML.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { DOMParser, parseHTML } from 'linkedom';
import { httpHref, htmlBodyNodes } from '../src/shared/html-body.js';

function render(html) {
  const parsed = new DOMParser().parseFromString(`<html><body>${html}</body></html>`, 'text/html');
  const { document } = parseHTML('<html><body><div id="out"></div></body></html>');
  const out = document.getElementById('out');
  out.append(htmlBodyNodes(parsed, document));
  return out;
}

describe('html-body', () => {
  test('keeps allowlisted text markup as written', () => {
    const out = render('<p>One <b>bold</b> and <em>em</em></p><ul><li>x</li></ul>');
    assert.equal(out.querySelector('p b').textContent, 'bold');
    assert.equal(out.querySelector('ul li').textContent, 'x');
    assert.equal(out.textContent, 'One bold and emx');
  });

  test('drops scripts, styles and event handlers; unwraps unknown elements', () => {
    const out = render(
      '<p onclick="alert(1)" style="color:red">a<script>alert(1)</script>' +
        '<img src=x onerror=alert(2)><style>p{}</style><blink>b</blink>' +
        '<svg onload=alert(3)><text>c</text></svg><iframe src="https://e.com"></iframe></p>',
    );
    assert.equal(out.querySelectorAll('script, img, style, svg, iframe, blink').length, 0);
    const p = out.querySelector('p');
    assert.equal(p.getAttribute('onclick'), null);
    assert.equal(p.getAttribute('style'), null);
    assert.equal(out.textContent, 'ab');
  });

  test('links only to http(s), with rel', () => {
    const out = render(
      '<a href="javascript:alert(1)">j</a><a href="data:text/html,x">d</a>' +
        '<a href=" https://e.example/x ">h</a><a href="/relative">r</a>',
    );
    const links = Array.from(out.querySelectorAll('a'));
    assert.deepEqual(
      links.map((a) => a.getAttribute('href')),
      [null, null, 'https://e.example/x', null],
    );
    assert.equal(links[2].getAttribute('rel'), 'nofollow noopener noreferrer');
  });

  test('comments vanish and deep nesting is flattened', () => {
    const deep = '<span>'.repeat(100) + 'deep' + '</span>'.repeat(100);
    const out = render(`<!-- <script>x</script> -->${deep}`);
    assert.equal(out.textContent, 'deep');
    assert.ok(out.querySelectorAll('span').length <= 32);
  });

  test('httpHref', () => {
    assert.equal(httpHref('JAVASCRIPT:alert(1)'), null);
    assert.equal(httpHref('http://a.example'), 'http://a.example/');
    assert.equal(httpHref(null), null);
  });
});

describe('html-body vectors (tests/vectors/html-body.json, also run through the service)', () => {
  const vectors = JSON.parse(
    readFileSync(
      join(
        dirname(fileURLToPath(import.meta.url)),
        '..',
        '..',
        'tests',
        'vectors',
        'html-body.json',
      ),
      'utf8',
    ),
  );
  for (const c of vectors.cases) {
    test(c.name, () => {
      const expected = { ...c, ...(c.javascript ?? {}) };
      const out = render(c.html);
      const elements = Array.from(out.querySelectorAll('*')).map((element) => {
        const attrs = Object.fromEntries(
          Array.from(element.attributes).map((a) => [a.name, a.value]),
        );
        if (element.localName === 'a' && 'target' in attrs) {
          assert.equal(attrs.target, '_blank'); // extension only; see `differences`
          delete attrs.target;
        }
        return [element.localName, attrs];
      });
      assert.deepEqual(elements, expected.elements);
      assert.equal(out.textContent, expected.text);
    });
  }
});

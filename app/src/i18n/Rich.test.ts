import { describe, expect, it } from 'vitest';
import { splitRich } from './Rich';

describe('strings with embedded markup', () => {
  it('splits named tags out of the text, in order', () => {
    expect(splitRich('Copy it from <settings>Settings</settings> into your pages.', ['settings'])).toEqual([
      { text: 'Copy it from ' },
      { tag: 'settings', text: 'Settings' },
      { text: ' into your pages.' },
    ]);
    expect(splitRich('<create>Create a form</create>, or try <demo>the demo</demo>', ['create', 'demo'])).toEqual([
      { tag: 'create', text: 'Create a form' },
      { text: ', or try ' },
      { tag: 'demo', text: 'the demo' },
    ]);
  });

  it('leaves unknown tags and lone angle brackets as text', () => {
    expect(splitRich('Paste this before the closing </body> tag.', ['code'])).toEqual([{ text: 'Paste this before the closing </body> tag.' }]);
    expect(splitRich('Send <code>Authorization: Bearer <token></code> now', ['code'])).toEqual([
      { text: 'Send ' },
      { tag: 'code', text: 'Authorization: Bearer <token>' },
      { text: ' now' },
    ]);
    expect(splitRich('<b>bold</b> stays', ['code'])).toEqual([{ text: '<b>bold</b> stays' }]);
  });

  it('handles empty and tag-only strings', () => {
    expect(splitRich('', ['a'])).toEqual([{ text: '' }]);
    expect(splitRich('<a>x</a>', ['a'])).toEqual([{ tag: 'a', text: 'x' }]);
  });
});

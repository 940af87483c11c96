import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODE_LIST } from '../../../shared/error-codes';
import { ApiError } from '../api';
import de from './de.json';
import en from './en.json';
import fr from './fr.json';
import { errorMessage, MESSAGE_CODES } from './errors';
import { i18n, loadLanguage } from './index';

describe('error messages', () => {
  afterAll(() => loadLanguage('en'));

  it('has a message for every error code the API answers with, and for the dashboard’s own', () => {
    const messages = en.errors as Record<string, string>;
    for (const code of MESSAGE_CODES) expect(messages[code], code).toBeTruthy();
    for (const code of ERROR_CODE_LIST) expect(MESSAGE_CODES).toContain(code);
    expect(Object.keys(messages).sort()).toEqual([...MESSAGE_CODES].sort());
  });

  it('shows the message for the API’s code, not its English developer text', () => {
    expect(errorMessage(new ApiError(401, 'invalid_credentials', 'developer text'))).toBe(en.errors.invalid_credentials);
    expect(errorMessage(new ApiError(507, 'storage_quota_exceeded', 'developer text'))).toBe(en.errors.storage_quota_exceeded);
  });

  it('shows the server’s sentence for a refused field in English, and names the field in other languages', async () => {
    const refused = new ApiError(422, 'validation_failed', 'The URL must use http or https.', { field: 'url' });
    expect(errorMessage(refused)).toBe('The URL must use http or https.');
    await loadLanguage('fr');
    expect(errorMessage(refused)).toBe('Le champ « url » est manquant ou invalide. Vérifiez-le et réessayez.');
    expect(errorMessage(new ApiError(422, 'validation_failed', 'x'))).toBe(fr.errors.validation_failed);
    await loadLanguage('en');
  });

  it('tells an interrupted upload, an unreadable answer and a non-API failure apart', () => {
    expect(errorMessage(new ApiError(0, 'network_error', 'x'))).toBe(en.errors.network_error);
    expect(errorMessage(new ApiError(0, 'network_error', 'x', { upload: true }))).toBe(en.errors.upload_interrupted);
    expect(errorMessage(new ApiError(413, 'http_error', 'x'))).toBe(en.errors.file_too_large);
    expect(errorMessage(new ApiError(502, 'http_error', 'x'))).toBe('The server answered with an error (502). Try again.');
    expect(errorMessage(new TypeError('boom'))).toBe(en.errors.client_error);
  });

  it('speaks the chosen language once its catalogue is loaded', async () => {
    await loadLanguage('de');
    expect(i18n.language).toBe('de');
    expect(errorMessage(new ApiError(401, 'invalid_credentials', 'x'))).toBe(de.errors.invalid_credentials);
    expect(errorMessage(new ApiError(502, 'http_error', 'x'))).toContain('502');
  });
});

import { ApiError } from '../api';
import { ERROR_CODE_LIST, type ErrorCode } from '../../../shared/error-codes';
import { currentLanguage, t } from './index';

/** The dashboard's own codes, for failures with no readable answer from the server. */
export const CLIENT_ERROR_CODES = ['network_error', 'upload_interrupted', 'aborted', 'http_error', 'file_too_large', 'client_error'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/** Every code the dashboard can show a message for: the API's stable ones and its own. */
export const MESSAGE_CODES: readonly (ErrorCode | ClientErrorCode)[] = [...ERROR_CODE_LIST, ...CLIENT_ERROR_CODES];

/**
 * What to tell the user about a failure, in their language. The API's stable `code` picks the
 * message (its English `message` is for developers and logs); an upload cut off mid-way and an
 * answer that was not JSON have their own; anything else is "something went wrong".
 */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.client_error');
  if (error.code === 'network_error' && error.details.upload === true) return t('errors.upload_interrupted');
  // The server's sentence names what is wrong with which field ("The URL must use http or https"): an
  // English reader gets it as it is; other languages get the catalogue's sentence, naming the field.
  if (error.code === 'validation_failed') {
    if (currentLanguage() === 'en' && error.message) return error.message;
    const field = error.details.field;
    return typeof field === 'string' ? t('errorDetails.invalidField', { field }) : t('errors.validation_failed');
  }
  if (error.code === 'http_error') return error.status === 413 ? t('errors.file_too_large') : t('errors.http_error', { status: error.status });
  return t(`errors.${error.code}`);
}

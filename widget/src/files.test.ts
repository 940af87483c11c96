import { describe, expect, it } from 'vitest';
import { ApiError } from './api.js';
import { fileProblem, formatSize, MAX_FILE_BYTES, uploadFailureText } from './files.js';

describe('fileProblem (the check before an upload)', () => {
  it('accepts the allowed types by extension or declared type, up to 5 MB', () => {
    expect(fileProblem({ name: 'screen.PNG', size: 1234, type: '' })).toBeNull();
    expect(fileProblem({ name: 'invoice.pdf', size: MAX_FILE_BYTES, type: 'application/pdf' })).toBeNull();
    expect(fileProblem({ name: 'photo', size: 10, type: 'image/jpeg' })).toBeNull();
    expect(fileProblem({ name: 'notes', size: 10, type: '' })).toBeNull(); // may be text: the server decides
    expect(fileProblem({ name: 'letter.docx', size: 10, type: 'application/octet-stream' })).toBeNull();
  });

  it('refuses files over 5 MB, empty files and types the server never accepts, naming the file', () => {
    expect(fileProblem({ name: 'video.png', size: MAX_FILE_BYTES + 1, type: 'image/png' })).toBe('“video.png” is larger than 5 MB, the limit for files.');
    expect(fileProblem({ name: 'empty.txt', size: 0, type: 'text/plain' })).toBe('“empty.txt” is empty.');
    for (const file of [
      { name: 'setup.exe', size: 10, type: 'application/x-msdownload' },
      { name: 'logo.svg', size: 10, type: 'image/svg+xml' },
      { name: 'page.html', size: 10, type: '' },
      { name: 'archive', size: 10, type: 'application/zip' },
    ]) {
      expect(fileProblem(file)).toMatch(new RegExp(`^“${file.name}” can’t be sent: you can send images \\(JPEG, PNG, WebP, GIF\\), PDF`));
    }
  });
});

describe('uploadFailureText', () => {
  it('turns the server’s refusals into sentences for the visitor', () => {
    expect(uploadFailureText('big.png', new ApiError(413, 'payload_too_large', 'Files may be at most 5 MB.'))).toBe('“big.png” is larger than 5 MB, the limit for files.');
    expect(uploadFailureText('x.png', new ApiError(415, 'unsupported_file_type', 'nope'))).toMatch(/^“x\.png” can’t be sent: you can send images/);
    expect(uploadFailureText('x.png', new ApiError(429, 'rate_limited', 'Too many requests'))).toBe('You have sent many files in a short time. Please wait a minute and try again.');
    expect(uploadFailureText('x.png', new ApiError(422, 'too_many_files', 'Send one file at a time.'))).toBe('“x.png” was not sent: Send one file at a time.');
  });
});

describe('formatSize', () => {
  it('reads like people write sizes', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(12_800)).toBe('13 KB');
    expect(formatSize(1_468_006)).toBe('1.4 MB');
  });
});

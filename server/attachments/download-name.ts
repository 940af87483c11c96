/**
 * The name a download is saved under ends in an extension of what the file IS (its detected type):
 * the saved file opens in the viewer for that type, never as something active the uploader named it
 * (`evil.html` holding text saves as `evil.html.txt`, `run.bat` as `run.bat.txt`). Names that already
 * end right keep it; the original name stays visible in the API and the dashboard.
 */
const EXTENSIONS: Record<string, { extensions: string[]; add: string }> = {
  'image/jpeg': { extensions: ['jpg', 'jpeg'], add: 'jpg' },
  'image/png': { extensions: ['png'], add: 'png' },
  'image/webp': { extensions: ['webp'], add: 'webp' },
  'image/gif': { extensions: ['gif'], add: 'gif' },
  'application/pdf': { extensions: ['pdf'], add: 'pdf' },
  'text/plain': { extensions: ['txt'], add: 'txt' },
  'text/csv': { extensions: ['csv'], add: 'csv' },
  'application/msword': { extensions: ['doc'], add: 'doc' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { extensions: ['docx'], add: 'docx' },
};

export function downloadFilename(filename: string, contentType: string): string {
  const known = EXTENSIONS[contentType.split(';')[0]!.trim().toLowerCase()];
  // Unknown stored types cannot come from uploads (they are judged); a plain download name is safest.
  if (!known) return `${filename || 'download'}.bin`;
  // Windows drops trailing dots and spaces when saving: `run.bat. ` would be saved as `run.bat`.
  const trimmed = filename.replace(/[. ]+$/u, '');
  const extension = /\.([^.]+)$/u.exec(trimmed)?.[1]?.toLowerCase();
  if (extension && known.extensions.includes(extension)) return trimmed;
  return `${trimmed || 'download'}.${known.add}`;
}

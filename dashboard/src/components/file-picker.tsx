import { forwardRef } from 'react';
import { useI18n } from '../i18n';

interface FilePickerProps {
  readonly id?: string;
  readonly name: string;
  readonly accept: string;
  readonly file: File | null;
  readonly onChange: (file: File | null) => void;
  readonly 'aria-invalid'?: boolean;
  readonly 'aria-describedby'?: string;
}

/** A file input whose button speaks the page's language (the native one follows the browser's). */
export const FilePicker = forwardRef<HTMLInputElement, FilePickerProps>(function FilePicker(
  { id, name, accept, file, onChange, ...aria },
  ref,
) {
  const { d } = useI18n();
  return (
    <div className="file-picker">
      <input
        ref={ref}
        id={id}
        name={name}
        type="file"
        accept={accept}
        className="visually-hidden"
        onChange={(e) => onChange(e.target.files?.[0] ?? null)}
        {...aria}
      />
      <label htmlFor={id} className="btn btn-small">
        {d.upload.chooseFile}
      </label>
      <span className={file ? 'file-name' : 'file-name muted'}>{file ? file.name : d.upload.noFile}</span>
    </div>
  );
});

/** An image upload (a scan or a photo), read only by OCR: always a person's decision after. */
import type { Extraction, Ocr } from '../extraction';
import { failure, finish } from './common';

export async function fromImage(bytes: Uint8Array, ocr: Ocr): Promise<Extraction> {
  try {
    const parts = await ocr(bytes, 1);
    return finish(
      parts.map((part) => ({ ...part, page: part.page ?? 1 })),
      'image',
      { empty: 'OCR found no text in the image', scanned: true },
    );
  } catch (error) {
    return failure(error, 'OCR could not read the image');
  }
}

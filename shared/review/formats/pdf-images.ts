/**
 * The images OCR reads on a PDF page drawn only as images (a scan): the page's images put together
 * in one grey page image (PGM), which the extraction's `ocr` accepts; none when the page draws no
 * image PDF.js decoded (it then stays unread, for a person). Made in ../ocr/pdf-page.ts.
 */
export { pdfPageImages } from '../ocr/pdf-page';

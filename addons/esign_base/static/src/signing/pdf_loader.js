import { loadJS } from "@web/core/assets";

const PDFJS_URL = "/web/static/lib/pdfjs/build/pdf.js";
const PDFJS_WORKER_URL = "/web/static/lib/pdfjs/build/pdf.worker.js";

/**
 * Load pdf.js only when a document is shown, and let it parse in a real
 * worker (off the main thread, which matters on phones).
 */
export async function loadPdfLib() {
    await loadJS(PDFJS_URL);
    const lib = window.pdfjsLib;
    if (!lib.GlobalWorkerOptions.workerSrc) {
        lib.GlobalWorkerOptions.workerSrc = PDFJS_WORKER_URL;
    }
    return lib;
}

export async function openPdf(url) {
    const lib = await loadPdfLib();
    return lib.getDocument({ url, isEvalSupported: false, withCredentials: true }).promise;
}

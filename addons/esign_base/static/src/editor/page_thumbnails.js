import { Component, onMounted, onWillUnmount, useRef, useState } from "@odoo/owl";
import { openPdf } from "../signing/pdf_loader";

// Thumbnails are small and drawn once; past this many pages the strip only
// numbers them, so a long document never costs a draw per page up front.
const THUMBNAIL_WIDTH = 72;
const MAX_DRAWN_THUMBNAILS = 60;

/**
 * A strip of page thumbnails: each page drawn small by pdf.js, numbered,
 * and a click shows that page in the editor.
 */
export class PageThumbnails extends Component {
    static template = "esign_base.PageThumbnails";
    static props = {
        documentUrl: String,
        pages: Array,
        onSelect: Function,
    };

    setup() {
        this.rootRef = useRef("root");
        this.state = useState({ drawn: {} });
        onMounted(() => this.drawAll());
        onWillUnmount(() => {
            this.stopped = true;
            this.pdf?.destroy();
        });
    }

    thumbStyle(page) {
        return `width: ${THUMBNAIL_WIDTH}px; aspect-ratio: ${page.width} / ${page.height};`;
    }

    async drawAll() {
        try {
            this.pdf = await openPdf(this.props.documentUrl);
        } catch {
            return; // the numbers stay; the main viewer says what went wrong
        }
        const count = Math.min(this.pdf.numPages, MAX_DRAWN_THUMBNAILS);
        for (let index = 0; index < count && !this.stopped; index++) {
            await this.drawPage(index);
        }
    }

    async drawPage(index) {
        const canvas = this.rootRef.el?.querySelectorAll("canvas")[index];
        if (!canvas) {
            return;
        }
        const page = await this.pdf.getPage(index + 1);
        const scale = (THUMBNAIL_WIDTH * 2) / page.getViewport({ scale: 1 }).width;
        const viewport = page.getViewport({ scale });
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        await page.render({ canvasContext: canvas.getContext("2d"), viewport }).promise;
        this.state.drawn[index] = true;
    }
}

import { Component, onMounted, onWillUnmount, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { openPdf } from "./pdf_loader";

// Largest canvas we draw, in device pixels: sharp enough on any phone while
// staying far below the canvas limits of mobile browsers.
const MAX_CANVAS_WIDTH = 2400;
const RESIZE_DELAY_MS = 200;

/**
 * Shows a PDF's pages one under the other, each scaled to the container's
 * width. Page boxes take their size from the server's page geometry, so
 * fields can be laid over them (slot "page") before pdf.js has drawn.
 * Pages are drawn when they come near the screen and redrawn on resize.
 */
export class DocumentViewer extends Component {
    static template = "esign_base.DocumentViewer";
    static props = {
        documentUrl: String,
        pages: Array,
        slots: { type: Object, optional: true },
    };

    setup() {
        this.rootRef = useRef("root");
        this.state = useState({ drawn: {}, error: "" });
        this.drawnWidths = {};
        this.tasks = {};
        this.visible = new Set();
        onMounted(() => this.start());
        onWillUnmount(() => this.stop());
    }

    pageStyle(page) {
        return `aspect-ratio: ${page.width} / ${page.height};`;
    }

    async start() {
        this.intersection = new IntersectionObserver((entries) => this.onIntersect(entries), {
            rootMargin: "100% 0px",
        });
        for (const el of this.pageElements()) {
            this.intersection.observe(el);
        }
        this.resize = new ResizeObserver(() => this.onResize());
        this.resize.observe(this.rootRef.el);
        try {
            this.pdf = await openPdf(this.props.documentUrl);
        } catch {
            this.state.error = _t("The document could not be displayed. Reload the page to try again.");
            return;
        }
        if (this.stopped) {
            this.pdf.destroy();
            return;
        }
        for (const index of this.visible) {
            this.drawPage(index);
        }
    }

    stop() {
        this.stopped = true;
        clearTimeout(this.resizeTimer);
        this.intersection?.disconnect();
        this.resize?.disconnect();
        for (const task of Object.values(this.tasks)) {
            task.cancel();
        }
        this.pdf?.destroy();
    }

    pageElements() {
        return [...this.rootRef.el.querySelectorAll(".o_esign_page")];
    }

    onIntersect(entries) {
        for (const entry of entries) {
            const index = Number(entry.target.dataset.index);
            if (entry.isIntersecting) {
                this.visible.add(index);
                this.drawPage(index);
            } else {
                this.visible.delete(index);
            }
        }
    }

    onResize() {
        clearTimeout(this.resizeTimer);
        this.resizeTimer = setTimeout(() => {
            for (const index of this.visible) {
                this.drawPage(index);
            }
        }, RESIZE_DELAY_MS);
    }

    async drawPage(index) {
        const pageEl = this.pageElements()[index];
        if (!this.pdf || !pageEl || index >= this.pdf.numPages) {
            return;
        }
        const cssWidth = pageEl.clientWidth;
        if (!cssWidth || this.drawnWidths[index] === cssWidth) {
            return;
        }
        this.drawnWidths[index] = cssWidth;
        this.tasks[index]?.cancel();
        const page = await this.pdf.getPage(index + 1);
        const ratio = window.devicePixelRatio || 1;
        const pixelWidth = Math.min(cssWidth * ratio, MAX_CANVAS_WIDTH);
        const viewport = page.getViewport({ scale: pixelWidth / page.getViewport({ scale: 1 }).width });
        // Draw off-screen, then swap, so a redraw never flashes a blank page.
        const canvas = document.createElement("canvas");
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        const task = page.render({ canvasContext: canvas.getContext("2d"), viewport });
        this.tasks[index] = task;
        try {
            await task.promise;
        } catch {
            return; // cancelled by a newer draw
        } finally {
            if (this.tasks[index] === task) {
                delete this.tasks[index];
            }
        }
        if (this.stopped) {
            return;
        }
        const target = pageEl.querySelector("canvas.o_esign_page_canvas");
        target.width = canvas.width;
        target.height = canvas.height;
        target.getContext("2d").drawImage(canvas, 0, 0);
        this.state.drawn[index] = true;
    }
}

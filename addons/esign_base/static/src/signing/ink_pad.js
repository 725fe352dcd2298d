/**
 * Ink on a canvas with pointer events: strokes kept as points (CSS pixels,
 * with the pen's pressure where the device reports it), so they can be
 * undone one by one, redrawn at any size and cropped to the ink for export.
 */
const MIN_WIDTH = 1.2;
const MAX_WIDTH = 4.5;
const EXPORT_SCALE = 2;
const PADDING = 8;

export class InkPad {
    constructor(canvas, { color = "#102a6b", onChange = () => {} } = {}) {
        this.canvas = canvas;
        this.color = color;
        this.onChange = onChange;
        this.strokes = [];
        this.current = null;
        this.listeners = {
            pointerdown: (ev) => this.start(ev),
            pointermove: (ev) => this.move(ev),
            pointerup: (ev) => this.end(ev),
            pointercancel: (ev) => this.end(ev),
        };
        for (const [type, listener] of Object.entries(this.listeners)) {
            canvas.addEventListener(type, listener);
        }
        this.resize();
    }

    destroy() {
        for (const [type, listener] of Object.entries(this.listeners)) {
            this.canvas.removeEventListener(type, listener);
        }
    }

    get isEmpty() {
        return this.strokes.length === 0;
    }

    resize() {
        const ratio = window.devicePixelRatio || 1;
        this.canvas.width = Math.round(this.canvas.clientWidth * ratio);
        this.canvas.height = Math.round(this.canvas.clientHeight * ratio);
        this.redraw();
    }

    point(ev) {
        const rect = this.canvas.getBoundingClientRect();
        const pressure = ev.pointerType === "mouse" || !ev.pressure ? 0.5 : ev.pressure;
        return { x: ev.clientX - rect.left, y: ev.clientY - rect.top, p: pressure };
    }

    start(ev) {
        ev.preventDefault();
        this.canvas.setPointerCapture?.(ev.pointerId);
        this.current = [this.point(ev)];
        this.strokes.push(this.current);
        this.redraw();
    }

    move(ev) {
        if (!this.current) {
            return;
        }
        ev.preventDefault();
        this.current.push(this.point(ev));
        this.redraw();
    }

    end() {
        if (this.current) {
            this.current = null;
            this.onChange();
        }
    }

    undo() {
        this.strokes.pop();
        this.redraw();
        this.onChange();
    }

    clear() {
        this.strokes = [];
        this.redraw();
        this.onChange();
    }

    redraw() {
        const ratio = this.canvas.width / (this.canvas.clientWidth || 1);
        const ctx = this.canvas.getContext("2d");
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        this.paint(ctx);
    }

    paint(ctx) {
        ctx.strokeStyle = this.color;
        ctx.fillStyle = this.color;
        ctx.lineCap = "round";
        ctx.lineJoin = "round";
        for (const stroke of this.strokes) {
            if (stroke.length === 1) {
                const [dot] = stroke;
                ctx.beginPath();
                ctx.arc(dot.x, dot.y, widthOf(dot) / 2, 0, 2 * Math.PI);
                ctx.fill();
                continue;
            }
            for (let i = 1; i < stroke.length; i++) {
                ctx.beginPath();
                ctx.lineWidth = (widthOf(stroke[i - 1]) + widthOf(stroke[i])) / 2;
                ctx.moveTo(stroke[i - 1].x, stroke[i - 1].y);
                ctx.lineTo(stroke[i].x, stroke[i].y);
                ctx.stroke();
            }
        }
    }

    /** A PNG data URL of the ink only, cropped with a small margin. */
    toDataURL() {
        const points = this.strokes.flat();
        const left = Math.min(...points.map((p) => p.x)) - PADDING;
        const top = Math.min(...points.map((p) => p.y)) - PADDING;
        const width = Math.max(...points.map((p) => p.x)) + PADDING - left;
        const height = Math.max(...points.map((p) => p.y)) + PADDING - top;
        const out = document.createElement("canvas");
        out.width = Math.ceil(width * EXPORT_SCALE);
        out.height = Math.ceil(height * EXPORT_SCALE);
        const ctx = out.getContext("2d");
        ctx.setTransform(EXPORT_SCALE, 0, 0, EXPORT_SCALE, -left * EXPORT_SCALE, -top * EXPORT_SCALE);
        this.paint(ctx);
        return out.toDataURL("image/png");
    }
}

function widthOf(point) {
    return MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * point.p;
}

/** A typed name drawn in a handwriting font, as a cropped PNG data URL. */
export function typedSignature(text, fontFamily, color = "#102a6b") {
    const size = 72;
    const probe = document.createElement("canvas").getContext("2d");
    probe.font = `${size}px "${fontFamily}"`;
    const width = Math.ceil(probe.measureText(text).width) + 2 * PADDING * 2;
    const out = document.createElement("canvas");
    out.width = Math.max(width, 10);
    out.height = Math.round(size * 1.5);
    const ctx = out.getContext("2d");
    ctx.font = `${size}px "${fontFamily}"`;
    ctx.fillStyle = color;
    ctx.textBaseline = "middle";
    ctx.fillText(text, PADDING * 2, out.height / 2);
    return out.toDataURL("image/png");
}

/** Any picture file re-encoded as a PNG (an SVG never leaves the page as such). */
export async function pictureToPng(file, maxSide = 1200) {
    const url = URL.createObjectURL(file);
    try {
        const img = new Image();
        img.src = url;
        await img.decode();
        const scale = Math.min(1, maxSide / Math.max(img.naturalWidth, img.naturalHeight));
        const canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
        canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
        canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
        return canvas.toDataURL("image/png");
    } finally {
        URL.revokeObjectURL(url);
    }
}

/*
 * Spindle code editor: a progressive enhancement of <textarea> with
 * CodeMirror 6 (Python). Built by `npm run build` into
 * static/vendor/codemirror/spindle-editor.js as a single IIFE that sets
 * window.SpindleEditor. See tools/editor/README.md.
 *
 * The <textarea> stays in the form (hidden) and always holds the editor's
 * current text, so a plain form POST and htmx `hx-include` both send it.
 *
 * The page can mark lines (a gutter marker with a note, a highlighted line)
 * through `data-editor-marks` on any element, and take the student to a line
 * through `data-editor-line` on a button: the verdict card does both.
 */
import { EditorState, RangeSet, StateEffect, StateField } from "@codemirror/state";
import {
  Decoration,
  EditorView,
  GutterMarker,
  WidgetType,
  gutter,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
  placeholder as placeholderExt,
} from "@codemirror/view";
import {
  defaultKeymap,
  history,
  historyKeymap,
  indentWithTab,
} from "@codemirror/commands";
import {
  bracketMatching,
  defaultHighlightStyle,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { python } from "@codemirror/lang-python";

const VERSION = "1.1.0";
const ATTACHED_ATTR = "data-spindle-editor";
const HINT_TEXT = "Tab indents. To leave the editor with the keyboard, press Esc, then Tab.";

/** textarea -> instance, for the live editors of this page. */
const registry = new WeakMap();
/** All live instances, so editors whose textarea left the DOM can be destroyed. */
const live = new Set();
let hintCounter = 0;

// ---------------------------------------------------------------------------
// localStorage helpers: storage may be disabled or full; never break editing.

function loadDraft(key) {
  if (!key) return null;
  try {
    return window.localStorage.getItem(key);
  } catch (_e) {
    return null;
  }
}

function saveDraft(key, text) {
  if (!key) return;
  try {
    window.localStorage.setItem(key, text);
  } catch (_e) {
    /* quota exceeded / storage disabled: the textarea still has the text */
  }
}

function removeDraft(key) {
  if (!key) return;
  try {
    window.localStorage.removeItem(key);
  } catch (_e) {
    /* ignore */
  }
}

// ---------------------------------------------------------------------------

/** The accessible name of the textarea: its <label>, else aria-label(ledby). */
function labelFor(textarea) {
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
  if (textarea.labels && textarea.labels.length) {
    const text = clean(textarea.labels[0].textContent);
    if (text) return text;
  }
  const own = clean(textarea.getAttribute("aria-label"));
  if (own) return own;
  const ids = clean(textarea.getAttribute("aria-labelledby"));
  if (ids) {
    const text = clean(
      ids
        .split(" ")
        .map((id) => {
          const el = document.getElementById(id);
          return el ? el.textContent : "";
        })
        .join(" "),
    );
    if (text) return text;
  }
  return "Code editor";
}

const spindleTheme = EditorView.theme(
  {
    "&": {
      color: "#1f2328",
      backgroundColor: "#ffffff",
      border: "1px solid #8c959f",
      borderRadius: "6px",
      // 16px avoids the automatic zoom mobile Safari applies to small inputs.
      fontSize: "16px",
    },
    "&.cm-focused": {
      outline: "3px solid #0b57d0",
      outlineOffset: "2px",
    },
    // The ring above is the editor's focus indicator; a page-wide :focus-visible
    // rule on the content element would draw a second, clipped one inside it.
    ".cm-content:focus-visible": { outline: "none", boxShadow: "none" },
    ".cm-scroller": {
      fontFamily:
        'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace',
      lineHeight: "1.5",
      overflow: "auto",
    },
    ".cm-content": {
      caretColor: "#0b57d0",
      padding: "6px 0",
    },
    ".cm-cursor, .cm-dropCursor": { borderLeftColor: "#0b57d0", borderLeftWidth: "2px" },
    "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection":
      { backgroundColor: "#c7dcff" },
    ".cm-gutters": {
      backgroundColor: "#f6f8fa",
      color: "#57606a",
      borderRight: "1px solid #d0d7de",
      borderRadius: "6px 0 0 6px",
    },
    ".cm-lineNumbers .cm-gutterElement": { padding: "0 8px 0 10px", minWidth: "2.5ch" },
    ".cm-activeLine": { backgroundColor: "#f3f7ff" },
    ".cm-activeLineGutter": { backgroundColor: "#e6eefc", color: "#1f2328" },
    "&.cm-focused .cm-matchingBracket": {
      backgroundColor: "#bfe5c6",
      outline: "1px solid #1a7f37",
    },
    "&.cm-focused .cm-nonmatchingBracket": {
      backgroundColor: "#ffd8d3",
      outline: "1px solid #cf222e",
    },
    ".cm-selectionMatch": { backgroundColor: "#fff2b3" },
    ".cm-searchMatch": { backgroundColor: "#fff2b3", outline: "1px solid #9a6700" },
    ".cm-searchMatch.cm-searchMatch-selected": { backgroundColor: "#ffd33d" },
    ".cm-panels": { backgroundColor: "#f6f8fa", color: "#1f2328" },
    ".cm-panels.cm-panels-top": { borderBottom: "1px solid #d0d7de" },
    ".cm-panel.cm-search": { padding: "6px 8px", fontSize: "15px" },
    ".cm-panel.cm-search input, .cm-panel.cm-search button, .cm-panel.cm-search label": {
      fontSize: "15px",
    },
    // Page-level `label { display: block; font-weight: ... }` rules must not
    // rearrange the search panel.
    ".cm-panel.cm-search label": {
      display: "inline-flex",
      alignItems: "center",
      gap: "4px",
      fontWeight: "normal",
      margin: "0 8px 0 0",
    },
    ".cm-textfield, .cm-button": { minHeight: "32px" },
    ".cm-panel.cm-search button:focus-visible, .cm-panel.cm-search input:focus-visible": {
      outline: "2px solid #0b57d0",
      outlineOffset: "1px",
    },
    ".cm-placeholder": { color: "#6e7781" },
    ".cm-spindle-marks .cm-gutterElement": { padding: "0 2px 0 6px", color: "#b3261e", cursor: "help" },
    // A left bar as well as the tint, so a marked line shows even as the active line.
    ".cm-spindle-marked": { backgroundColor: "#fdecea", boxShadow: "inset 3px 0 0 #b3261e" },
    ".cm-spindle-note": {
      position: "absolute",
      width: "1px",
      height: "1px",
      overflow: "hidden",
      clipPath: "inset(50%)",
      whiteSpace: "nowrap",
    },
  },
  { dark: false },
);

// ---------------------------------------------------------------------------
// Line marks: the lines a verdict is about, each with a note. They move with
// the text as the student edits, and vanish with their line.

const setMarksEffect = StateEffect.define();

class MarkMarker extends GutterMarker {
  constructor(note) {
    super();
    this.note = note;
  }
  eq(other) {
    return other.note === this.note;
  }
  toDOM() {
    const el = document.createElement("span");
    el.className = "cm-spindle-mark";
    el.textContent = "\u26a0"; // ⚠
    el.title = this.note;
    return el;
  }
}

/** The note again at the end of its line, for screen readers (the gutter is aria-hidden). */
class NoteWidget extends WidgetType {
  constructor(note) {
    super();
    this.note = note;
  }
  eq(other) {
    return other.note === this.note;
  }
  toDOM() {
    const el = document.createElement("span");
    el.className = "cm-spindle-note";
    el.textContent = ` (note: ${this.note})`;
    return el;
  }
}

const noMarks = { gutter: RangeSet.empty, lines: Decoration.none };

/** marks: [{line, note}] (1-based lines; several notes on one line are joined). */
function buildMarks(doc, marks) {
  const notes = new Map();
  (Array.isArray(marks) ? marks : []).forEach((mark) => {
    const line = mark && Number(mark.line);
    if (!Number.isInteger(line) || line < 1 || line > doc.lines) return;
    const note = String(mark.note || "").trim();
    notes.set(line, [...(notes.get(line) || []), note].filter(Boolean));
  });
  const gutterRanges = [];
  const lineRanges = [];
  [...notes.keys()]
    .sort((a, b) => a - b)
    .forEach((number) => {
      const line = doc.line(number);
      const note = notes.get(number).join("\n") || `Line ${number}`;
      gutterRanges.push(new MarkMarker(note).range(line.from));
      lineRanges.push(
        Decoration.line({ class: "cm-spindle-marked", attributes: { title: note } }).range(line.from),
        Decoration.widget({ widget: new NoteWidget(note), side: 1 }).range(line.to),
      );
    });
  return { gutter: RangeSet.of(gutterRanges), lines: Decoration.set(lineRanges, true) };
}

const marksField = StateField.define({
  create: () => noMarks,
  update(value, tr) {
    let next = value;
    if (tr.docChanged) {
      next = { gutter: value.gutter.map(tr.changes), lines: value.lines.map(tr.changes) };
    }
    tr.effects.forEach((effect) => {
      if (effect.is(setMarksEffect)) next = buildMarks(tr.state.doc, effect.value);
    });
    return next;
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.lines),
});

const marksGutter = gutter({
  class: "cm-spindle-marks",
  markers: (view) => view.state.field(marksField).gutter,
  initialSpacer: () => new MarkMarker(""),
});

/** Rough height from the textarea's rows attribute (default 10 lines). */
function minHeightFor(textarea) {
  const rows = parseInt(textarea.getAttribute("rows") || "", 10);
  const lines = Number.isFinite(rows) && rows > 0 ? rows : 10;
  return `calc(${lines * 1.5}em + 12px)`;
}

/** Remove a stale editor left behind by an HTML snapshot (htmx history cache). */
function removeStaleMount(textarea) {
  const next = textarea.nextElementSibling;
  if (next && next.classList.contains("spindle-editor")) next.remove();
  textarea.removeAttribute(ATTACHED_ATTR);
  textarea.hidden = false;
  if (textarea.hasAttribute("data-spindle-required")) {
    textarea.required = true;
    textarea.removeAttribute("data-spindle-required");
  }
}

/**
 * Enhance one <textarea>. Returns the editor instance (the same one if the
 * textarea is already enhanced).
 *
 * options.storageKey  localStorage key for the draft (omit: no draft saving)
 * options.hint        show the "Esc then Tab" keyboard hint (default true)
 * options.cspNonce    nonce for the editor's <style> element under a Content-Security-Policy
 *                     without 'unsafe-inline' (default: the page's <meta name="csp-nonce">)
 */
function attach(textarea, options) {
  if (!textarea || textarea.tagName !== "TEXTAREA") {
    throw new TypeError("SpindleEditor.attach expects a <textarea> element");
  }
  const existing = registry.get(textarea);
  if (existing) return existing;
  if (textarea.hasAttribute(ATTACHED_ATTR)) removeStaleMount(textarea);

  const opts = options || {};
  const storageKey = opts.storageKey || null;
  const showHint = opts.hint !== false;

  const draft = loadDraft(storageKey);
  const initial = draft !== null ? draft : textarea.value;
  textarea.value = initial;

  // Wrapper placed right after the textarea.
  const mount = document.createElement("div");
  mount.className = "spindle-editor";
  mount.style.maxWidth = "100%";

  // aria-describedby: keep the textarea's own descriptions, add the key hint.
  const describedBy = (textarea.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
  let hintEl = null;
  if (showHint) {
    hintCounter += 1;
    hintEl = document.createElement("p");
    hintEl.id = `spindle-editor-hint-${hintCounter}`;
    hintEl.className = "spindle-editor-hint";
    hintEl.textContent = HINT_TEXT;
    hintEl.style.cssText = "margin:4px 0 0;font-size:0.875rem;color:#57606a;";
    describedBy.push(hintEl.id);
  }

  const readOnly = textarea.readOnly || textarea.disabled;
  const contentAttrs = {
    "aria-label": labelFor(textarea),
    autocapitalize: "off",
    autocorrect: "off",
    spellcheck: "false",
    translate: "no",
  };
  if (describedBy.length) contentAttrs["aria-describedby"] = describedBy.join(" ");
  if (textarea.required) contentAttrs["aria-required"] = "true";
  // A read-only editor is not contenteditable; keep it reachable by keyboard
  // (to scroll it, and so that goto() can put focus on the line).
  if (readOnly) contentAttrs.tabindex = "0";
  if (textarea.getAttribute("aria-invalid")) {
    contentAttrs["aria-invalid"] = textarea.getAttribute("aria-invalid");
  }

  let instance = null;
  let marksKey = "[]";

  const extensions = [
    marksField,
    marksGutter,
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    search({ top: true }),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    python(),
    indentUnit.of("    "),
    EditorState.tabSize.of(4),
    keymap.of([...defaultKeymap, ...searchKeymap, ...historyKeymap, indentWithTab]),
    spindleTheme,
    EditorView.theme({
      ".cm-scroller": { minHeight: minHeightFor(textarea), maxHeight: "70vh" },
    }),
    EditorView.contentAttributes.of(contentAttrs),
    EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      const text = update.state.doc.toString();
      textarea.value = text;
      saveDraft(storageKey, text);
      // Let other scripts react (unsaved-changes warnings, hx-trigger="input").
      // Deferred so a listener may itself call setValue() safely.
      Promise.resolve().then(() =>
        textarea.dispatchEvent(new Event("input", { bubbles: true })),
      );
    }),
  ];
  // Browsers with constructable stylesheets need no nonce; the others get a <style> element,
  // which the policy admits only with the nonce.
  const nonceMeta = document.querySelector('meta[name="csp-nonce"]');
  const cspNonce = opts.cspNonce || (nonceMeta && nonceMeta.content);
  if (cspNonce) extensions.push(EditorView.cspNonce.of(cspNonce));
  if (opts.lineWrapping) extensions.push(EditorView.lineWrapping);
  if (textarea.placeholder) extensions.push(placeholderExt(textarea.placeholder));
  if (readOnly) extensions.push(EditorState.readOnly.of(true), EditorView.editable.of(false));

  const view = new EditorView({
    state: EditorState.create({ doc: initial, extensions }),
    parent: mount,
  });

  // Hide the textarea (it is still submitted: hidden controls are, disabled
  // ones are not). A hidden `required` control would block submission with
  // an unfocusable-control error, so move `required` to aria-required.
  if (textarea.required) {
    textarea.required = false;
    textarea.setAttribute("data-spindle-required", "");
  }
  textarea.hidden = true;
  textarea.setAttribute(ATTACHED_ATTR, "attached");
  textarea.insertAdjacentElement("afterend", mount);
  if (hintEl) mount.appendChild(hintEl);

  // Clicking the <label> focuses the editor instead of the hidden textarea.
  const labels = textarea.labels ? Array.from(textarea.labels) : [];
  const onLabelClick = (event) => {
    event.preventDefault();
    view.focus();
  };
  labels.forEach((l) => l.addEventListener("click", onLabelClick));

  // Form reset puts the textarea back to its default; mirror that.
  const form = textarea.form;
  const onReset = () => {
    window.setTimeout(() => instance && instance.setValue(textarea.value), 0);
  };
  if (form) form.addEventListener("reset", onReset);

  instance = {
    textarea,
    view,
    storageKey,
    /** Current editor text. */
    getValue() {
      return view.state.doc.toString();
    },
    /** Replace the whole text (syncs the textarea and the draft). */
    setValue(text) {
      const value = text == null ? "" : String(text);
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: value },
        selection: { anchor: Math.min(view.state.selection.main.head, value.length) },
      });
      textarea.value = value;
    },
    /** Move keyboard focus into the editor. */
    focus() {
      view.focus();
    },
    /** Mark lines: [{line, note}], 1-based; [] clears. Replaces earlier marks. */
    setMarks(marks) {
      // Polling swaps the same verdict in again and again: the same marks must
      // neither redraw nor undo how earlier edits moved them.
      const key = JSON.stringify(marks || []);
      if (key === marksKey) return;
      marksKey = key;
      view.dispatch({ effects: setMarksEffect.of(marks || []) });
    },
    /** Put the cursor at the start of a line (1-based), scroll it to the middle, focus. */
    goto(line) {
      const doc = view.state.doc;
      const number = Math.min(Math.max(1, Math.round(Number(line)) || 1), doc.lines);
      const pos = doc.line(number).from;
      view.focus();
      view.dispatch({
        selection: { anchor: pos },
        effects: EditorView.scrollIntoView(pos, { y: "center" }),
      });
    },
    /** Forget the saved draft (e.g. after a successful submission). */
    clearDraft() {
      removeDraft(storageKey);
    },
    /** Remove the editor and show the plain textarea again. */
    destroy() {
      live.delete(instance);
      registry.delete(textarea);
      labels.forEach((l) => l.removeEventListener("click", onLabelClick));
      if (form) form.removeEventListener("reset", onReset);
      textarea.value = view.state.doc.toString();
      view.destroy();
      removeStaleMount(textarea);
    },
  };
  registry.set(textarea, instance);
  live.add(instance);
  return instance;
}

/** Destroy editors whose textarea is no longer in the document. */
function sweep() {
  live.forEach((inst) => {
    if (!inst.textarea.isConnected) inst.destroy();
  });
}

/**
 * Enhance every textarea[data-code-editor] under root (default: document)
 * that is not enhanced yet. The draft key comes from data-draft-key.
 * Returns the list of instances (new and existing).
 */
function attachAll(root) {
  sweep();
  const scope = root && root.querySelectorAll ? root : document;
  const found = Array.from(scope.querySelectorAll("textarea[data-code-editor]"));
  if (scope.matches && scope.matches("textarea[data-code-editor]")) found.unshift(scope);
  return found.map((ta) =>
    attach(ta, {
      storageKey: ta.getAttribute("data-draft-key") || null,
      hint: ta.getAttribute("data-editor-hint") !== "false",
      lineWrapping: ta.hasAttribute("data-line-wrapping"),
    }),
  );
}

/** The instance attached to a textarea, or null. */
function get(textarea) {
  return registry.get(textarea) || null;
}

/** Mark lines in every editor of the page (see instance.setMarks). */
function setMarks(marks) {
  live.forEach((inst) => inst.setMarks(marks));
}

/** Take the student to a line of the page's (first) editor. False if there is none. */
function goto(line) {
  sweep();
  const first = live.values().next().value;
  if (!first) return false;
  first.goto(line);
  return true;
}

/**
 * Show the marks that elements with data-editor-marks='[{"line":12,"note":"…"}]'
 * ask for (all of them, merged); none left on the page clears the marks.
 */
function syncMarks() {
  let marks = [];
  document.querySelectorAll("[data-editor-marks]").forEach((el) => {
    try {
      const parsed = JSON.parse(el.getAttribute("data-editor-marks"));
      if (Array.isArray(parsed)) marks = marks.concat(parsed);
    } catch (_e) {
      /* a malformed attribute marks nothing */
    }
  });
  setMarks(marks);
}

const api = { version: VERSION, attach, attachAll, get, setMarks, goto, syncMarks };
window.SpindleEditor = api;

// Buttons (or links) with data-editor-line="12" take the student to that line.
document.addEventListener("click", (event) => {
  const trigger = event.target.closest && event.target.closest("[data-editor-line]");
  if (!trigger) return;
  if (goto(parseInt(trigger.getAttribute("data-editor-line"), 10))) event.preventDefault();
});

// Auto-enhance on load and after htmx puts new content in the page.
const attachDocument = () => {
  attachAll(document);
  syncMarks();
};
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", attachDocument);
} else {
  attachDocument();
}
["htmx:afterSwap", "htmx:oobAfterSwap", "htmx:historyRestore", "htmx:load"].forEach((name) =>
  document.addEventListener(name, attachDocument),
);

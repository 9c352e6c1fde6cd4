"""Page styling and the small script that makes citation numbers clickable."""

from __future__ import annotations

#: For every gr.HTML that shows cited text: a click on ``[data-cite]`` fires the
#: component's ``click`` event with ``{"cite": key}`` as event data, and a click on a
#: draft editor line's ``[data-line-action]`` button with ``{"action": name}``.
CITE_CLICK_JS = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('[data-cite]');
  if (button) {
    event.preventDefault();
    trigger('click', {cite: button.dataset.cite});
    return;
  }
  const tool = event.target.closest('[data-line-action]');
  if (tool && !tool.disabled) {
    event.preventDefault();
    trigger('click', {action: tool.dataset.lineAction});
  }
});
"""

#: For passage panels: after each new passage, scroll its text box to the highlight, and
#: when the highlight is not on screen where the panel sits (below the answer on a phone,
#: above a long comparison), float the panel over the page's corner so the passage shows
#: where the reader is; the page itself never moves. × or Escape puts it back.
PASSAGE_SCROLL_JS = """
const dock = () => element.classList.remove('wsoa-floating');
const seen = (node) => {
  const r = node.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
};
const toMark = () => {
  const box = element.querySelector('.wsoa-passage-text');
  const mark = box && box.querySelector('mark');
  if (box && mark) {
    box.scrollTop = Math.max(0, mark.offsetTop - 48);  // box is the offsetParent
  }
  return mark;
};
watch('value', () => {
  dock();
  const mark = toMark();
  if (mark && !seen(mark)) {
    element.classList.add('wsoa-floating');
    toMark();
  }
});
element.addEventListener('click', (event) => {
  if (event.target.closest('[data-close]')) { event.preventDefault(); dock(); }
});
document.addEventListener('keydown', (event) => { if (event.key === 'Escape') dock(); });
"""

#: In the page's <head>. The app turns Gradio's heartbeat off (see ``ui.app.App``): it is
#: one connection held open per page, and browsers allow six per host. Gradio's page
#: turns it back on once the draft editor is redrawn (the page then holds session
#: state), so the heartbeat request is answered here, in the page, by a stream that never
#: ends and never reaches the network.
NO_HEARTBEAT_HEAD = """<script>
(() => {
  const send = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : (input && input.url) || String(input);
    if (/\\/heartbeat\\/[^/?]+/.test(url)) {
      const stream = new ReadableStream({ start() {} });
      return Promise.resolve(new Response(stream, {
        status: 200, headers: { 'Content-Type': 'text/event-stream' },
      }));
    }
    return send(input, init);
  };
})();
</script>"""

CSS = """
.wsoa-answer p, .wsoa-live { line-height: 1.55; }
.wsoa-live { white-space: pre-wrap; color: #4b5563; }
.wsoa-cite {
  border: none; background: none; padding: 0 1px; margin: 0;
  color: #c2410c; font-weight: 600; cursor: pointer; font-size: 0.9em;
  vertical-align: super; line-height: 1;
}
.wsoa-cite:hover { text-decoration: underline; }
/* A visible ring wherever the keyboard is: pins, buttons, tabs, fields, links. */
.wsoa-cite:focus-visible, button:focus-visible, [role="tab"]:focus-visible,
a:focus-visible, input:focus-visible, textarea:focus-visible, select:focus-visible {
  outline: 3px solid #1d4ed8 !important; outline-offset: 2px;
}
/* The chosen tab's label: orange-700 on white is 5.2:1 (the theme's orange-500 is 2.8:1). */
button[role="tab"][aria-selected="true"] { color: #c2410c !important; }
.wsoa-sources .wsoa-cite { vertical-align: baseline; font-size: 1em; }
.wsoa-sources { padding-left: 1.2em; font-size: 0.92em; }
.wsoa-sources li { margin-bottom: 0.35em; list-style: none; }
.wsoa-meta { color: #4b5563; font-size: 0.9em; }
.wsoa-notice { font-style: italic; color: #4b5563; }
.dark .wsoa-live, .dark .wsoa-meta, .dark .wsoa-notice { color: #d1d5db; }
.dark .wsoa-cite { color: #fdba74; }
.wsoa-unsupported {
  text-decoration: underline wavy #c2410c; text-underline-offset: 3px;
  background: rgba(234, 88, 12, 0.08);
}
.wsoa-flag {
  color: #9a3412; background: #ffedd5; border-radius: 4px; padding: 0 4px;
  font-size: 0.8em; white-space: nowrap;
}
.wsoa-passage { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 12px; }
.wsoa-passage-head { margin-bottom: 8px; }
.wsoa-page summary { cursor: pointer; font-weight: 600; margin-top: 8px; }
.wsoa-page img { width: 100%; height: auto; border: 1px solid var(--border-color-primary); }
.wsoa-passage-text { position: relative; }
.wsoa-passage-text {
  white-space: pre-wrap; font-size: 0.92em; line-height: 1.5; max-height: 28em; overflow-y: auto;
}
.wsoa-passage-close {
  display: none; float: right; border: none; background: none; cursor: pointer;
  font-size: 1.4em; line-height: 1; padding: 0 4px; color: inherit;
}
.wsoa-floating .wsoa-passage {
  position: fixed; right: 12px; bottom: 12px; z-index: 1000;
  width: min(560px, calc(100vw - 24px)); max-height: 55vh; overflow-y: auto;
  background: var(--background-fill-primary); box-shadow: 0 8px 28px rgba(0, 0, 0, 0.28);
}
.wsoa-floating .wsoa-passage-text { max-height: 38vh; }
.wsoa-floating .wsoa-passage-close { display: inline; }
mark.wsoa-highlight { background: #fde68a; color: #111; padding: 1px 0; }
.wsoa-message { border-radius: 6px; padding: 8px 12px; margin: 4px 0; }
.wsoa-info { background: var(--background-fill-secondary); }
.wsoa-ok { background: #ecfdf5; color: #065f46; }
.wsoa-error { background: #fef2f2; color: #991b1b; border: 1px solid #fecaca; }
/* Cards in a grid that wraps: three areas side by side on a laptop, one a row on a phone. */
.wsoa-columns {
  display: grid; gap: 16px; align-items: start;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 260px), 1fr));
}
.wsoa-column {
  min-width: 0; border: 1px solid var(--border-color-primary);
  border-radius: 8px; padding: 10px 14px;
}
.wsoa-column ul, .wsoa-gap ul { padding-left: 1.1em; }
.wsoa-column li, .wsoa-gap li { margin-bottom: 0.3em; }
.wsoa-verdict { font-weight: 600; }
.wsoa-sources-box summary { cursor: pointer; font-weight: 600; margin: 8px 0; }
.wsoa-sticky { position: sticky; top: 12px; align-self: flex-start; }
/* A sticky column is a stacking context of its own: raise it while its passage floats, or
   the boxes of the columns beside it draw over the floating passage. */
.wsoa-sticky:has(.wsoa-floating) { z-index: 1000; }
/* The draft editor: one row per line, its pins and buttons beside it (below, on a phone). */
#draft-editor .column { gap: 8px; }
.wsoa-line { align-items: center; gap: 6px; margin: 0; }
.wsoa-line-box { flex: 0 0 210px; width: 210px; min-width: 210px !important; }
.wsoa-line-side {
  display: flex; align-items: center; justify-content: space-between; gap: 4px 6px;
  flex-wrap: wrap;  /* a long mark goes under the pins: the buttons stay in the box */
}
.wsoa-line-note textarea { font-style: italic; color: #4b5563; }
.wsoa-line-pins .wsoa-cite { vertical-align: baseline; font-size: 1em; }
.wsoa-line-tag {
  color: #374151; background: #e5e7eb; border-radius: 4px; padding: 0 4px; font-size: 0.8em;
  white-space: nowrap;
}
.wsoa-line-tools { display: inline-flex; gap: 2px; margin-left: auto; }
.wsoa-line-tool {
  border: 1px solid var(--border-color-primary); background: var(--background-fill-primary);
  border-radius: 4px; min-width: 30px; height: 30px; cursor: pointer; color: inherit;
}
.wsoa-line-tool:disabled { opacity: 0.35; cursor: default; }
.wsoa-section-title { margin: 14px 0 4px; font-weight: 600; font-size: 1.05em; }
.wsoa-gap { border-top: 1px solid var(--border-color-primary); padding-top: 6px; }
"""

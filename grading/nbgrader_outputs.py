"""What a student's notebook may leave in the autograded notebook: bounded, inert outputs.

Both preprocessors run in ``nbgrader autograde`` after the notebook ran (student code produced
every output, and the student wrote every markdown answer), so the *stored* autograded
notebook is bounded and safe wherever it is shown: the formgrader, the feedback HTML, a
download.

* :class:`BoundOutput` (after nbgrader's ``LimitOutput``, which counts lines only): cuts every
  line longer than ``max_line_chars``, any text output above ``max_output_chars``, drops images
  above ``max_image_chars`` (base64), and once ``max_notebook_chars`` of outputs are kept it
  keeps only each cell's error (cut) and a short result. nbgrader scores a test cell from its
  error output and from its result's ``text/plain``: both always stay.
* :class:`SanitizeStudentHTML`: HTML, SVG and markdown in outputs and markdown cells are
  cleaned with bleach (the sanitizer nbconvert itself uses): no ``<script>``, no event handler
  (``onerror``), no ``javascript:`` link; JavaScript and other active outputs are removed.
"""
import html
import re

import bleach
from nbformat.notebooknode import NotebookNode
from traitlets import Integer, List

from nbgrader.preprocessors import NbGraderPreprocessor

TEXT_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex", "image/svg+xml")
IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif")
SAFE_MIMES = TEXT_MIMES + IMAGE_MIMES
SHORT_RESULT = 1000   # chars of an execute_result's text/plain always kept (nbgrader's partial credit)
SHORT_LINE = 200      # chars of each traceback line kept once the notebook's budget is spent

ALLOWED_TAGS = sorted(set(bleach.ALLOWED_TAGS) | {
    "p", "br", "hr", "div", "span", "pre", "code", "h1", "h2", "h3", "h4", "h5", "h6", "sub", "sup",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "img", "dl", "dt", "dd", "del", "s",
    "u", "small", "kbd", "var", "samp", "details", "summary", "center",
    # SVG shapes (matplotlib's SVG output)
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
    "defs", "clipPath", "title", "desc", "style"})
ALLOWED_ATTRIBUTES = {
    **bleach.ALLOWED_ATTRIBUTES,
    "*": ["class", "id", "title", "align", "colspan", "rowspan", "width", "height", "transform", "fill",
          "stroke", "stroke-width", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "d",
          "points", "viewBox", "xmlns", "font-size", "text-anchor", "clip-path", "border"],
    "img": ["src", "alt", "width", "height"],
}
ALLOWED_PROTOCOLS = ["http", "https", "mailto", "data"]


def clean_html(text: str) -> str:
    """``text`` with every script, event handler and ``javascript:`` URL removed (bleach);
    disallowed tags are shown escaped, as text."""
    return bleach.clean(text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS)


_SCRIPT_URL = re.compile(r"(?i)\b(?:java|vb)\s*script\s*:")


def clean_markdown(source: str) -> str:
    """A markdown answer, cleaned only when it holds HTML that bleach changes beyond escaping
    (so ``a < b`` and code spans stay as written); a ``javascript:`` link target is disarmed."""
    source = _SCRIPT_URL.sub("blocked-script:", source)
    cleaned = clean_html(source)
    return source if html.unescape(cleaned) == html.unescape(source) else cleaned


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


class FeedbackPreprocessor(NbGraderPreprocessor):
    """A kit preprocessor that also runs in ``generate_feedback``: nbconvert's HTML exporter sets
    ``display_data_priority`` for every preprocessor, and nbgrader's base class redeclares it
    unconfigurable ("Config option not recognized" on every run), so it is configurable here, as
    on nbgrader's GetGrades."""

    display_data_priority = List(["text/html", "application/pdf", "text/latex", "image/svg+xml", "image/png",
                                  "image/jpeg", "text/plain"]).tag(config=True)


class SanitizeStudentHTML(FeedbackPreprocessor):
    """Clean every output's HTML/SVG/markdown and every markdown cell (module docstring)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = clean_markdown(_text(cell.source))
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                data = output.get("data")
                if not isinstance(data, dict):
                    continue
                removed = [mime for mime in data if mime not in SAFE_MIMES]
                for mime in removed:
                    del data[mime]
                for mime in ("text/html", "image/svg+xml"):
                    if mime in data:
                        data[mime] = clean_html(_text(data[mime]))
                if "text/markdown" in data:
                    data["text/markdown"] = clean_markdown(_text(data["text/markdown"]))
                if removed and not data:
                    data["text/plain"] = f"[output removed by the grader: {', '.join(removed)} is not shown]"
        for name, attachment in list((cell.get("attachments") or {}).items()):
            for mime in list(attachment):
                if mime not in IMAGE_MIMES:
                    del attachment[mime]
        return cell, resources


def cut_lines(text: str, max_line: int, max_total: int) -> str:
    """``text`` with each line cut at ``max_line`` characters and the whole at ``max_total``."""
    lines = []
    for line in text.split("\n"):
        if len(line) > max_line:
            line = line[:max_line] + f" ... [{len(line) - max_line} characters cut by the grader]"
        lines.append(line)
    out = "\n".join(lines)
    if len(out) > max_total:
        out = out[:max_total] + f"\n... [{len(out) - max_total} characters of output cut by the grader]"
    return out


def _is_image_copy(value) -> bool:
    """Is this HTML one ``<img>`` with its picture inline (``cs231n_lib.figures``' copy of a figure,
    which carries the alt text)? Bounded like an image: kept whole or left out, never cut mid-base64."""
    text = _text(value)
    return text.startswith('<img src="data:image/') and text.count("<") == 1 and text.rstrip().endswith("/>")


class BoundOutput(NbGraderPreprocessor):
    """Bound every output, and the notebook's outputs in total (module docstring)."""

    max_line_chars = Integer(10_000, help="Longest line kept in a text output").tag(config=True)
    max_output_chars = Integer(200_000, help="Largest text of one output").tag(config=True)
    max_image_chars = Integer(2_000_000, help="Largest image (base64) of one output").tag(config=True)
    max_notebook_chars = Integer(5_000_000, help="Outputs kept in the whole notebook; beyond it, only "
                                 "each cell's error and a short result").tag(config=True)

    def preprocess(self, nb, resources):
        self._kept = 0
        return super().preprocess(nb, resources)

    def _budget(self, limit):
        return max(0, min(limit, self.max_notebook_chars - self._kept))

    def _bound_text(self, value, limit, line=None):
        text = cut_lines(_text(value), line or self.max_line_chars, self._budget(limit))
        self._kept += len(text)
        return text

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        kept = []
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            spent = self._kept >= self.max_notebook_chars
            if kind == "error":
                line = SHORT_LINE if spent else self.max_line_chars
                output.traceback = [cut_lines(_text(f), line, max(line, self._budget(self.max_output_chars)))
                                    for f in output.get("traceback", [])]
                output.evalue = cut_lines(_text(output.get("evalue", "")), line, line)
                self._kept += sum(map(len, output.traceback))
            elif kind == "stream":
                if spent:
                    continue
                output.text = self._bound_text(output.text, self.max_output_chars)
            elif kind in ("execute_result", "display_data"):
                data = output.get("data", {})
                if spent and kind == "display_data":
                    continue
                self._bound_data(data, short=spent)
            kept.append(output)
            self._kept += 200   # the output's own JSON
        if len(kept) < len(cell.get("outputs", [])):
            kept.append(NotebookNode(output_type="stream", name="stdout",
                                     text="... [more output of this cell cut by the grader: the notebook's "
                                          "output is above its limit]\n"))
        cell.outputs = kept
        return cell, resources

    def _bound_data(self, data, short):
        for mime in list(data):
            if mime in IMAGE_MIMES or (mime == "text/html" and _is_image_copy(data[mime])):
                size = len(_text(data[mime]))
                if short or size > self.max_image_chars or size > self._budget(self.max_image_chars):
                    del data[mime]
                else:
                    self._kept += size
            elif mime == "text/plain":
                limit = SHORT_RESULT if short else max(SHORT_RESULT, self._budget(self.max_output_chars))
                text = cut_lines(_text(data[mime]), min(limit, self.max_line_chars), limit)
                self._kept += len(text)
                data[mime] = text
            elif short:
                del data[mime]
            else:
                data[mime] = self._bound_text(data[mime], self.max_output_chars)
        if not data:
            data["text/plain"] = "[output cut by the grader: above the output limit]"

#!/usr/bin/env python3
"""Extract every translatable string from src/mycrm into Qt Linguist catalogues (.ts).

Why not pyside6-lupdate alone: its Python parser does not follow our module-level
translation wrappers (``_t = lambda text: QCoreApplication.translate("ctx", text)``) or a
wrapper imported from another module, so it would file those strings under the wrong
context and Qt would never find them at run time. This extractor reads the code with
``ast`` and uses exactly the contexts the running code uses:

* ``self.tr("…")`` inside ``class C`` → context ``C``;
* ``QCoreApplication.translate("ctx", "…")`` (or ``QApplication.translate``) → ``ctx``;
* ``_t("…")`` after ``_t = translator("ctx")`` (``ui/common/i18n.py``) → ``ctx``;
* a call of a function (module-level or nested) whose body returns
  ``….translate("ctx", <param>, …)`` — in its own module, or imported by name from it —
  → ``ctx``.

Texts containing ``%n`` are plural (numerus) messages. Existing translations in the .ts
files are kept; strings no longer in the code are dropped. The .ts files stay in Linguist's
format, so translators can use Qt Linguist; ``pyside6-lrelease`` compiles them to .qm.

    scripts/extract_strings.py            # update the catalogues
    scripts/extract_strings.py --check    # exit 1 listing untranslated Chinese strings
"""

from __future__ import annotations

import argparse
import ast
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "mycrm"
TS_DIR = PACKAGE / "resources" / "translations"
TRANSLATE_OWNERS = {"QCoreApplication", "QApplication", "QGuiApplication"}


@dataclass(frozen=True, order=True)
class Message:
    context: str
    source: str
    comment: str = ""

    @property
    def plural(self) -> bool:
        return "%n" in self.source


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _module_name(path: Path, package: Path) -> str:
    return ".".join(path.relative_to(package.parent).with_suffix("").parts)


def _wrapper_context(func: ast.FunctionDef) -> str | None:
    """The context of ``def w(text, …): return X.translate("ctx", text, …)`` — or of
    ``return tr(text, "ctx")`` (a translator taking the context second, as
    ``import_words.tr``) — if it is one."""
    if not func.args.args:
        return None
    param = func.args.args[0].arg
    for node in ast.walk(func):
        if not isinstance(node, ast.Call):
            continue
        args = node.args
        if (isinstance(node.func, ast.Attribute) and node.func.attr == "translate"
                and len(args) >= 2 and isinstance(args[1], ast.Name) and args[1].id == param):
            return _literal(args[0])
        if (isinstance(node.func, ast.Name) and node.func.id == "tr" and len(args) == 2
                and isinstance(args[0], ast.Name) and args[0].id == param):
            return _literal(args[1])
    return None


def _translator_names(tree: ast.Module) -> dict[str, str]:
    """``name = translator("ctx")`` at module level → {name: ctx}."""
    found = {}
    for node in tree.body:
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Name) and node.value.func.id == "translator"
                and node.value.args and (ctx := _literal(node.value.args[0])) is not None):
            found.update({t.id: ctx for t in node.targets if isinstance(t, ast.Name)})
    return found


def _wrappers(trees: dict[str, ast.Module]) -> dict[str, dict[str, str]]:
    """Per module: the names callable as translation wrappers → their contexts."""
    own = {
        module: {f.name: ctx for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
                 if (ctx := _wrapper_context(f)) is not None} | _translator_names(tree)
        for module, tree in trees.items()
    }
    result = {module: dict(names) for module, names in own.items()}
    for module, tree in trees.items():
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module in own:
                for alias in node.names:
                    if alias.name in own[node.module]:
                        result[module][alias.asname or alias.name] = own[node.module][alias.name]
    return result


class _Collector(ast.NodeVisitor):
    def __init__(self, wrappers: dict[str, str]) -> None:
        self.wrappers = wrappers
        self.classes: list[str] = []
        self.params: list[str] = []  # first parameter of each enclosing function
        self.found: set[Message] = set()
        self.unknown: list[str] = []

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:  # noqa: N802
        self.params.append(node.args.args[0].arg if node.args.args else "")
        self.generic_visit(node)
        self.params.pop()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:  # noqa: N802
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802
        self._collect(node)
        self.generic_visit(node)

    def _collect(self, node: ast.Call) -> None:
        func = node.func
        args = node.args
        if isinstance(func, ast.Attribute) and func.attr == "tr" and args:
            if isinstance(func.value, ast.Name) and func.value.id == "self" and self.classes:
                self._add(self.classes[-1], args[0], args[1] if len(args) > 1 else None)
            else:  # X.tr(): the context is X's class, unknowable here — refuse it
                self.unknown.append(f"line {node.lineno}: {ast.unparse(node)[:60]}")
        elif (isinstance(func, ast.Attribute) and func.attr == "translate" and len(args) >= 2
              and isinstance(func.value, ast.Name) and func.value.id in TRANSLATE_OWNERS):
            context = _literal(args[0])
            if context is not None:
                self._add(context, args[1], args[2] if len(args) > 2 else None)
            self._refuse_dynamic(node, args[1])
        elif isinstance(func, ast.Name) and func.id in self.wrappers and args:
            self._add(self.wrappers[func.id], args[0], None)

    def _refuse_dynamic(self, node: ast.Call, source: ast.AST) -> None:
        """A text computed at run time is never in the catalogue — only a wrapper may pass
        its own parameter on."""
        if _literal(source) is not None:
            return
        if isinstance(source, ast.Name) and self.params and source.id == self.params[-1]:
            return
        self.unknown.append(f"line {node.lineno}: text is not a literal: "
                            f"{ast.unparse(node)[:60]}")

    def _add(self, context: str, source: ast.AST, comment: ast.AST | None) -> None:
        text = _literal(source)
        if text:
            self.found.add(Message(context, text, _literal(comment) or ""))


class UnknownContextError(ValueError):
    """A ``something.tr()`` call whose context cannot be known without running the code."""


def extract(package: Path = PACKAGE) -> list[Message]:
    trees = {
        _module_name(path, package): ast.parse(path.read_text(encoding="utf-8"), str(path))
        for path in sorted(package.rglob("*.py")) if "migrations" not in path.parts
    }
    wrappers = _wrappers(trees)
    found: set[Message] = set()
    for module, tree in trees.items():
        collector = _Collector(wrappers[module])
        collector.visit(tree)
        found |= collector.found
        if collector.unknown:
            raise UnknownContextError(
                f"{module}: translate literal strings with self.tr() or "
                "QCoreApplication.translate(): "
                + "; ".join(collector.unknown))
    return sorted(found)


def read_ts(path: Path) -> dict[Message, list[str]]:
    """Existing translations: message → its forms (one, or one per plural form)."""
    if not path.exists():
        return {}
    known: dict[Message, list[str]] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = Message(name, message.findtext("source") or "",
                          message.findtext("comment") or "")
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete",
                                                                  "vanished"):
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")]
            known[key] = forms or [translation.text or ""]
    return known


def write_ts(path: Path, language: str, messages: list[Message],
             known: dict[Message, list[str]], plural_forms: int) -> None:
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="en")
    by_context: dict[str, list[Message]] = {}
    for message in messages:
        by_context.setdefault(message.context, []).append(message)
    for name, items in sorted(by_context.items()):
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = name
        for message in items:
            element = ET.SubElement(context, "message")
            if message.plural:
                element.set("numerus", "yes")
            ET.SubElement(element, "source").text = message.source
            if message.comment:
                ET.SubElement(element, "comment").text = message.comment
            translation = ET.SubElement(element, "translation")
            forms = known.get(message)
            if not forms or not all(forms):
                translation.set("type", "unfinished")
                forms = forms or []
            if message.plural:
                for i in range(plural_forms):
                    ET.SubElement(translation, "numerusform").text = (
                        forms[i] if i < len(forms) else "")
            else:
                translation.text = forms[0] if forms else ""
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                    encoding="utf-8")


def untranslated(path: Path, messages: list[Message]) -> list[Message]:
    known = read_ts(path)
    return [m for m in messages if not known.get(m) or not all(known[m])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="list untranslated Chinese strings; exit 1 if there are any")
    args = parser.parse_args(argv)
    messages = extract()
    zh = TS_DIR / "mycrm_zh_CN.ts"
    if args.check:
        missing = untranslated(zh, messages)
        for m in missing:
            print(f"{m.context}: {m.source}")
        return 1 if missing else 0
    TS_DIR.mkdir(parents=True, exist_ok=True)
    write_ts(zh, "zh_CN", messages, read_ts(zh), plural_forms=1)
    en = TS_DIR / "mycrm_en.ts"
    plurals = [m for m in messages if m.plural]
    english = read_ts(en)
    for m in plurals:  # English plural forms can be derived: "(s)" → "" / "s"
        english.setdefault(m, [m.source.replace("(s)", ""), m.source.replace("(s)", "s")])
    write_ts(en, "en", plurals, english, plural_forms=2)
    print(f"{len(messages)} strings ({len(plurals)} plural); "
          f"{len(untranslated(zh, messages))} untranslated in {zh.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

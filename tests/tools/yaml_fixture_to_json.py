#!/usr/bin/env python3
"""Turn a YAML CFN fixture into its JSON twin (long forms) and NAME.json.expected.

The expectations are carried over node by node: each `# expect: CODE@COL` on line L
must point at the start of a YAML node (a key, a scalar, a tagged or flow collection)
or inside a plain/quoted scalar (a list-default element); the JSON expectation is the
position of the same node (or the same character of the same string) in the output.
Usage: tests/tools/yaml_fixture_to_json.py fixtures/CODE/cfn/NAME.yaml [...]
Writes NAME.json and NAME.json.expected next to each YAML file (overwriting them, and
removing a stale .expected when there is nothing to expect). Needs PyYAML. Pass only
the YAML files whose JSON twin you mean to regenerate.
"""
import json
import re
import sys

import yaml

INLINE_MAX = 72


class Out:
    def __init__(self):
        self.parts = []
        self.line = 1
        self.col = 1

    def w(self, s):
        self.parts.append(s)
        for ch in s:
            if ch == "\n":
                self.line += 1
                self.col = 1
            else:
                self.col += 1

    def text(self):
        return "".join(self.parts)


def tagged(node):
    t = node.tag
    return isinstance(t, str) and t.startswith("!") and not t.startswith("!!")


def convert(node):
    """YAML node -> ('map', [(keynode_or_str, value)]) / ('seq', [..]) / ('scalar', value, node)."""
    if tagged(node):
        name = node.tag[1:]
        inner_node = node
        if isinstance(node, yaml.ScalarNode):
            if name == "GetAtt":
                a, _, b = node.value.partition(".")
                inner = ("seq", [("scalar", a, None), ("scalar", b, None)], None)
            else:
                inner = ("scalar", node.value, None, node)
        elif isinstance(node, yaml.SequenceNode):
            inner = ("seq", [convert(x) for x in node.value], None)
        else:
            inner = ("map", [(k, convert(v)) for k, v in node.value], None)
        key = name if name in ("Ref", "Condition") else "Fn::" + name
        return ("map", [(key, inner)], node)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.value, node, node)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", [convert(x) for x in node.value], node)
    return ("map", [(k, convert(v)) for k, v in node.value], node)


def scalar_json(v, node):
    if node is not None and node.style is None and not tagged(node):
        if node.tag == "tag:yaml.org,2002:null" or v in ("", "~", "null"):
            return "null"
        if node.tag == "tag:yaml.org,2002:bool":
            return "true" if v.lower() == "true" else "false"
        if node.tag == "tag:yaml.org,2002:int" and re.fullmatch(r"-?[0-9]+", v):
            return v
    return json.dumps(v)


def compact(c):
    kind = c[0]
    if kind == "scalar":
        return scalar_json(c[1], c[3] if len(c) > 3 else None)
    if kind == "seq":
        return "[" + ", ".join(compact(x) for x in c[1]) + "]"
    items = []
    for k, v in c[1]:
        ks = k if isinstance(k, str) else k.value
        items.append(json.dumps(ks) + ": " + compact(v))
    return "{" + ", ".join(items) + "}"


def emit(c, out, pos, indent, force_inline=False):
    """Writes c, recording the output position of every YAML node it came from."""
    kind = c[0]
    src = c[2]
    if src is not None:
        pos.setdefault(id(src), (out.line, out.col))
    if kind == "scalar":
        node = c[3] if len(c) > 3 else None
        if node is not None:
            pos.setdefault(("str", id(node)), (out.line, out.col))
        out.w(scalar_json(c[1], node))
        return
    comp = compact(c)
    inline = force_inline or (
        len(comp) + out.col <= INLINE_MAX + indent and (kind == "seq" or len(c[1]) == 1) and "\n" not in comp
    )
    if kind == "seq":
        if not c[1]:
            out.w("[]")
            return
        if inline:
            out.w("[")
            for i, x in enumerate(c[1]):
                if i:
                    out.w(", ")
                emit(x, out, pos, indent, True)
            out.w("]")
            return
        out.w("[\n")
        for i, x in enumerate(c[1]):
            out.w(" " * (indent + 2))
            emit(x, out, pos, indent + 2)
            out.w(",\n" if i + 1 < len(c[1]) else "\n")
        out.w(" " * indent + "]")
        return
    if not c[1]:
        out.w("{}")
        return
    if inline:
        out.w("{")
        for i, (k, v) in enumerate(c[1]):
            if i:
                out.w(", ")
            if not isinstance(k, str):
                pos.setdefault(id(k), (out.line, out.col))
            out.w(json.dumps(k if isinstance(k, str) else k.value) + ": ")
            emit(v, out, pos, indent, True)
        out.w("}")
        return
    out.w("{\n")
    for i, (k, v) in enumerate(c[1]):
        out.w(" " * (indent + 2))
        if not isinstance(k, str):
            pos.setdefault(id(k), (out.line, out.col))
        out.w(json.dumps(k if isinstance(k, str) else k.value) + ": ")
        emit(v, out, pos, indent + 2)
        out.w(",\n" if i + 1 < len(c[1]) else "\n")
    out.w(" " * indent + "}")


def all_nodes(node, acc):
    acc.append(node)
    if isinstance(node, yaml.SequenceNode):
        for x in node.value:
            all_nodes(x, acc)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            all_nodes(k, acc)
            all_nodes(v, acc)
    return acc


def main(path):
    text = open(path).read()
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    out = Out()
    pos = {}
    emit(convert(root), out, pos, 0)
    out.w("\n")
    nodes = all_nodes(root, [])
    expected = []
    args = None
    for n, line in enumerate(text.split("\n"), 1):
        m = re.search(r"# args:(.*)", line)
        if m:
            args = m.group(1).strip()
        m = re.search(r"# expect:(.*)", line)
        if not m:
            continue
        for item in m.group(1).split(","):
            code, col = item.strip().split("@")
            col = int(col)
            hit = [x for x in nodes if x.start_mark.line == n - 1 and x.start_mark.column == col - 1]
            if hit:
                # A key and its tagged value never start at the same place; prefer the
                # outermost (first in document order).
                scalars = [x for x in hit if isinstance(x, yaml.ScalarNode)]
                # A block mapping starts where its first key does: a finding about a
                # long-form intrinsic function (`Fn::FindInMap:` ...) is about the
                # mapping, any other (a region-map row, a map name) about the key.
                maps = [x for x in hit if isinstance(x, yaml.MappingNode) and x.value
                        and re.fullmatch(r"Ref|Condition|Fn::\w+", x.value[0][0].value)]
                jl, jc = pos[id((maps or scalars or hit)[0])]
            else:
                inside = [x for x in nodes if isinstance(x, yaml.ScalarNode) and x.start_mark.line == n - 1
                          and x.end_mark.line == n - 1 and x.start_mark.column < col - 1 < x.end_mark.column]
                if not inside:
                    sys.exit(f"{path}:{n}: {code}@{col} points at no node")
                x = inside[0]
                skip = 1 if x.style in ('"', "'") else 0
                jl, jc = pos[("str", id(x))]
                jc += 1 + (col - 1 - x.start_mark.column - skip)
            expected.append((jl, jc, code))
    jpath = re.sub(r"\.ya?ml$", ".json", path)
    open(jpath, "w").write(out.text())
    lines = []
    if args:
        lines.append("args: " + args)
    lines += [f"{l}:{c} {code}" for l, c, code in sorted(expected)]
    import os
    epath = jpath + ".expected"
    if lines:
        open(epath, "w").write("\n".join(lines) + "\n")
    elif os.path.exists(epath):
        os.remove(epath)


if __name__ == "__main__":
    for p in sys.argv[1:]:
        main(p)

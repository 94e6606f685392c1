"""Worked numbers: formulas over named inputs, computed by Opsbook so a result can never go stale.

A formula uses numbers, the names of inputs and earlier results, + - * / and parentheses. It is
parsed with `ast` and computed by walking that tree; nothing is ever passed to `eval`.
"""

from __future__ import annotations

import ast
import operator

_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
MAX_FORMULA = 200


class FormulaError(ValueError):
    """A formula that cannot be computed, said in an editor's words."""


def evaluate(formula: str, values: dict[str, float]) -> float:
    """The value of `formula` with `values` for its names."""
    if len(formula) > MAX_FORMULA:
        raise FormulaError(f"is longer than {MAX_FORMULA} characters")
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        raise FormulaError("cannot be read: use numbers, names, + - * / and parentheses") from None
    return _value(tree.body, values)


def _value(node: ast.AST, values: dict[str, float]) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise FormulaError(f"uses `{node.id}`, which is not an input or an earlier result")
        return values[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_value(node.operand, values)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        left, right = _value(node.left, values), _value(node.right, values)
        if isinstance(node.op, ast.Div) and right == 0:
            raise FormulaError("divides by zero")
        return _OPERATORS[type(node.op)](left, right)
    raise FormulaError("may only use numbers, names, + - * / and parentheses")


def compute(inputs: dict[str, float], formulas: dict[str, str]) -> dict[str, float]:
    """Every result, in order; each formula may use the inputs and the results before it."""
    values = dict(inputs)
    for name, formula in formulas.items():
        values[name] = evaluate(formula, values)
    return {name: values[name] for name in formulas}


def shown(value: float, unit: str = "") -> str:
    """A value as the page shows it: thousands separated, shares as percentages, at most two decimals."""
    value = round(value, 9)  # 100000 * 0.035 is 3500.0000000000005 in binary floating point
    if unit == "%":
        return f"{value * 100:,.1f}%"
    if float(value).is_integer():
        return f"{int(value):,}" + (f" {unit}" if unit else "")
    text = f"{value:,.2f}" if abs(value) >= 1 else f"{value:.4g}"
    return text + (f" {unit}" if unit else "")

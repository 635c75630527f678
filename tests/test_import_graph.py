"""The house rules import-linter's contracts (pyproject.toml) do not express: no module circles,
and no import of project code hidden inside a function to dodge one.

The app layers, the demo ban, door and sibling independence and "selectors never import services"
are import-linter contracts run by `make test` (`lint-imports`).
"""

import ast
from pathlib import Path

import grimp

import gembazaar

ROOT = Path(gembazaar.__file__).parent
# Imports that must run inside a function, each for a reason that is not a cycle.
ALLOWED_LOCAL_IMPORTS = {
    "apps.py",  # AppConfig.ready(): signal receivers and checks register once the app registry is ready
}


def production_modules(graph) -> set[str]:
    return {m for m in graph.modules if ".tests" not in m and ".migrations" not in m and m != "gembazaar.testing"}


def test_no_module_imports_itself_back_through_others():
    graph = grimp.build_graph("gembazaar", include_external_packages=False)
    modules = production_modules(graph)
    circles = sorted(
        (module, imported) for module in modules for imported in graph.find_modules_directly_imported_by(module)
        if imported in modules and graph.chain_exists(importer=imported, imported=module)
    )
    assert circles == []


def imports_project_code(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").startswith("gembazaar")
    return isinstance(node, ast.Import) and any(alias.name.startswith("gembazaar") for alias in node.names)


def test_project_code_is_imported_at_the_top_of_the_module():
    hidden = []
    for path in ROOT.rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts) or path.name in ALLOWED_LOCAL_IMPORTS or path.name == "testing.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)):
            hidden += [f"{path.relative_to(ROOT)}:{node.lineno}" for node in ast.walk(function)
                       if imports_project_code(node)]
    assert hidden == []

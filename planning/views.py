"""Planning pages (read-only for now): the terms, and a term's board."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from planning import selectors


@login_required
def term_list(request):
    """Every planning term, newest first, with its rule version."""
    return render(request, "planning/term_list.html", {"terms": selectors.term_list()})


@login_required
def term_board(request, pk):
    """A term's posts down the side, the user's visible candidates beside each."""
    term = selectors.term_get(pk=pk)
    board = selectors.term_board(user=request.user, term=term)
    return render(request, "planning/term_board.html", {"term": term, "board": board})

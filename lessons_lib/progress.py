"""A live training view: a loss/accuracy plot that redraws in place while a model trains.

Like d2l's ``ProgressBoard``: :class:`ProgressBoard` collects ``(x, {name: value})`` points and
redraws one figure in the notebook (every ``every_seconds`` at most), so a student watching a long
run sees the curves grow. It is used by both training helpers, the numpy loop
(``lessons_lib.training.train``, lessons 03-05) and Keras (:func:`keras_callback`, passed to
``fit`` by ``lessons_lib.keras_models.train_and_evaluate``, lessons 05-08), so every long run
shows one.

It never gets in the way: outside a Jupyter kernel (scripts, tests) it does nothing; when the run
ends the live figure is removed (``keep=False``, the default), so executed notebooks, nbval's
comparisons and the slides hold only what the lesson itself prints and plots afterwards.
"""

from __future__ import annotations

import time


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


class ProgressBoard:
    """Curves that grow while a model trains. Loss-like names go on the left axis, names with
    "acc" in them on the right axis (0 to 1).

    board = ProgressBoard("two-layer net", xlabel="epoch")
    board.add(1, {"train loss": 0.41, "validation accuracy": 0.93})   # once per epoch
    board.close()                                                       # at the end
    """

    def __init__(
        self,
        title: str = "",
        xlabel: str = "epoch",
        every_seconds: float = 2.0,
        keep: bool = False,
        enabled: bool | None = None,
    ):
        if (
            not isinstance(every_seconds, (int, float))
            or isinstance(every_seconds, bool)
            or every_seconds < 0
        ):
            raise ValueError(
                f"every_seconds must be a non-negative number, got {every_seconds!r}"
            )
        self.title, self.xlabel, self.every_seconds, self.keep = (
            str(title),
            str(xlabel),
            every_seconds,
            keep,
        )
        self.enabled = _in_kernel() if enabled is None else bool(enabled)
        self.points: dict[str, tuple[list, list]] = {}
        self.draws = 0
        self._handle = None
        self._last_draw = float("-inf")

    def add(self, x, values: dict) -> None:
        """Add one point per named value at position x, and redraw if enough time has passed."""
        if not isinstance(values, dict):
            raise ValueError(
                f"values must be a dict {{name: number}}, got {type(values).__name__}"
            )
        for name, value in values.items():
            xs, ys = self.points.setdefault(str(name), ([], []))
            xs.append(float(x))
            ys.append(float(value))
        if self.enabled and time.monotonic() - self._last_draw >= self.every_seconds:
            self._draw()

    def _figure(self):
        from matplotlib.figure import Figure

        figure = Figure(figsize=(6.4, 2.8), dpi=80)
        loss_axis = figure.subplots()
        accuracy_axis = None
        for index, (name, (xs, ys)) in enumerate(self.points.items()):
            if "acc" in name:
                accuracy_axis = accuracy_axis or loss_axis.twinx()
                accuracy_axis.plot(xs, ys, color=f"C{index}", marker=".", label=name)
            else:
                loss_axis.plot(xs, ys, color=f"C{index}", marker=".", label=name)
        loss_axis.set(title=f"{self.title} (live)", xlabel=self.xlabel, ylabel="loss")
        handles, labels = loss_axis.get_legend_handles_labels()
        if accuracy_axis is not None:
            accuracy_axis.set(ylabel="accuracy", ylim=(0, 1))
            more_handles, more_labels = accuracy_axis.get_legend_handles_labels()
            handles, labels = handles + more_handles, labels + more_labels
        if handles:
            loss_axis.legend(handles, labels, loc="center right", fontsize=8)
        figure.tight_layout()
        return figure

    def _draw(self) -> None:
        from IPython.display import display

        figure = self._figure()
        if self._handle is None:
            self._handle = display(figure, display_id=True)
        else:
            self._handle.update(figure)
        self.draws += 1
        self._last_draw = time.monotonic()

    def close(self) -> None:
        """The last redraw, or, with ``keep=False``, remove the live figure."""
        if not self.enabled or self._handle is None:
            return
        if self.keep:
            self._draw()
        else:
            self._handle.update({"text/plain": ""}, raw=True)


def keras_callback(board: ProgressBoard):
    """A Keras callback that adds each epoch's loss and accuracy (and their validation values)
    to ``board`` and closes it when training ends."""
    import keras

    names = {
        "loss": "train loss",
        "accuracy": "train accuracy",
        "val_loss": "validation loss",
        "val_accuracy": "validation accuracy",
    }

    class ProgressCallback(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            board.add(
                epoch + 1,
                {
                    names[key]: value
                    for key, value in (logs or {}).items()
                    if key in names
                },
            )

        def on_train_end(self, logs=None):
            board.close()

    return ProgressCallback()

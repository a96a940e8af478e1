"""The live training view (lessons_lib.progress): silent outside Jupyter, draws in a kernel,
removes its figure at the end, and does not disturb an executed notebook."""

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from lessons_lib.progress import ProgressBoard, keras_callback


def test_outside_a_kernel_the_board_only_collects_points():
    board = ProgressBoard("test")
    assert not board.enabled
    board.add(1, {"train loss": 0.5, "validation accuracy": 0.8})
    board.add(2, {"train loss": 0.3, "validation accuracy": 0.9})
    board.close()
    assert board.points == {
        "train loss": ([1.0, 2.0], [0.5, 0.3]),
        "validation accuracy": ([1.0, 2.0], [0.8, 0.9]),
    }
    assert board.draws == 0


def test_the_figure_puts_losses_left_and_accuracies_right():
    board = ProgressBoard("net")
    board.add(1, {"train loss": 0.5, "train accuracy": 0.8})
    figure = board._figure()
    left, right = figure.axes
    assert left.get_ylabel() == "loss" and right.get_ylabel() == "accuracy"
    assert [line.get_label() for line in left.lines] == ["train loss"]
    assert [line.get_label() for line in right.lines] == ["train accuracy"]


@pytest.mark.parametrize("bad", [-1, "2", True])
def test_bad_every_seconds_is_refused(bad):
    with pytest.raises(ValueError, match="every_seconds"):
        ProgressBoard(every_seconds=bad)


def test_values_must_be_a_dict():
    with pytest.raises(ValueError, match="values"):
        ProgressBoard().add(1, [0.5])


def test_keras_callback_adds_each_epoch():
    import keras

    board = ProgressBoard("mlp")
    model = keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(2, activation="softmax")]
    )
    model.compile(
        optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    x, y = np.random.default_rng(0).standard_normal((20, 3)), np.arange(20) % 2
    model.fit(
        x,
        y,
        epochs=3,
        verbose=0,
        validation_data=(x, y),
        callbacks=[keras_callback(board)],
    )
    assert set(board.points) == {
        "train loss",
        "train accuracy",
        "validation loss",
        "validation accuracy",
    }
    assert board.points["train loss"][0] == [1.0, 2.0, 3.0]


def test_in_a_kernel_it_draws_then_leaves_no_figure(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from lessons_lib.progress import ProgressBoard\n"
            "board = ProgressBoard('live', every_seconds=0)\n"
            "for epoch in range(1, 4):\n"
            "    board.add(epoch, {'train loss': 1 / epoch})\n"
            "board.close()\n"
            "print(board.enabled, board.draws)"
        )
    ]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = nb.cells[0].outputs
    assert [
        o.get("text", "").strip() for o in outputs if o.output_type == "stream"
    ] == ["True 3"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert not images, "the live figure must be gone when the run ends"

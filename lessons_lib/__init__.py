"""lessons_lib: the small library behind the course notebooks.

One module per idea: ``data`` (MNIST), ``functions`` (activations and losses), ``gates``
(perceptrons), ``layers`` (numpy layers with forward/backward), ``optimizers``, ``gradients``
(numerical gradients and ``rel_error``), ``nets`` (numpy networks), ``training`` (a loop for
numpy networks), ``plots``, ``checks`` (self-checks for exercises).

``import lessons_lib`` is fast and needs no TensorFlow; only modules that use Keras import it.
"""

from lessons_lib.config import (QUICK, REPO_ROOT, build_dir, load_results, make_rng, pick, quick_banner,
                                 record, set_seed, study_seed)

__all__ = ["QUICK", "REPO_ROOT", "build_dir", "load_results", "make_rng", "pick", "quick_banner", "record",
           "set_seed", "study_seed"]
__version__ = "1.0.0"

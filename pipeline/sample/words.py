"""Vocabulary of the sample corpus: filler prose, people's names, venues.

Kept apart from the generator so the words can be reviewed at a glance. None of these words
may contain an alias of a curated term (see `terms.toml`): the sample's truth file is built on
the guarantee that only the generator's deliberate mentions name a term. Words with fi, fl,
ff, ffi and ffl are frequent on purpose, so that PDFs carry ligature glyphs.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Alice", "Ahmed", "Ana", "Andrei", "Anna", "Arjun", "Bo", "Carlos", "Chen", "Chloé",
    "Daniel", "David", "Diego", "Elena", "Emily", "Fatima", "Felix", "Florian", "Hao",
    "Hiroshi", "Ines", "Ivan", "James", "Jan", "Jiwoo", "Julia", "Karim", "Katarzyna",
    "Laura", "Lei", "Lukas", "Maria", "Martin", "Mei", "Mohammed", "Nadia", "Nikhil",
    "Olga", "Omar", "Pablo", "Priya", "Rafael", "Raquel", "Sara", "Sofia", "Stefan",
    "Tomás", "Wei", "Xin", "Yuki", "Yusuf", "Zhang", "Zoe",
)
SURNAMES = (
    "Abbott", "Alvarez", "Andersen", "Baptiste", "Becker", "Brandt", "Castillo", "Chandra",
    "Chen", "Cohen", "Costa", "Dubois", "Eriksson", "Fernández", "Fischer", "Garcia",
    "Gupta", "Hansen", "Hoffmann", "Ivanov", "Jensen", "Kaplan", "Kim", "Kowalski",
    "Kumar", "Larsen", "Li", "Liu", "Lopez", "Martin", "Meyer", "Moreau", "Müller",
    "Nakamura", "Nguyen", "Novak", "Okafor", "Park", "Patel", "Petrov", "Popescu", "Qiu",
    "Rahman", "Rossi", "Sato", "Schneider", "Silva", "Singh", "Sokolov", "Suzuki",
    "Tanaka", "Thompson", "Wagner", "Wang", "Weber", "Wright", "Xu", "Yamamoto", "Yilmaz",
    "Zhao", "Zhou",
)
# a sample paper's affiliation: universities, laboratories and companies' research labs
AFFILIATIONS = (
    "University of Cambridge", "Google Research", "ETH Zurich", "Tsinghua University",
    "University of Amsterdam", "Carnegie Mellon University", "Microsoft Research",
    "Stanford University", "University of Tokyo", "KAIST", "EPFL", "University of Washington",
    "Max Planck Institute for Intelligent Systems", "Facebook AI Research",
    "Technical University of Munich", "University of California, Berkeley", "Inria",
    "National University of Singapore", "DeepMind", "McGill University",
)
VENUES = (
    "In NIPS", "In ICML", "In ICLR", "In CVPR", "In ICCV", "In ECCV", "In ACL", "In EMNLP",
    "In AAAI", "In IJCAI", "In AISTATS", "In UAI", "In KDD", "JMLR", "IEEE TPAMI",
    "Machine Learning", "Neural Computation", "IEEE TNNLS", "Pattern Recognition",
)

TASKS = (
    "image classification", "object detection", "semantic segmentation",
    "machine translation", "speech recognition", "language modelling",
    "sentiment classification", "question answering", "density estimation",
    "anomaly detection", "text classification", "pose estimation", "image captioning",
    "link prediction", "domain adaptation", "few-shot classification", "action recognition",
    "collaborative filtering", "optical flow estimation", "face verification",
    "policy evaluation", "structured prediction", "time series forecasting",
)
MODELS = (
    "convolutional networks", "recurrent networks", "autoencoders", "Gaussian processes",
    "kernel machines", "decision forests", "graphical models", "LSTM networks",
    "attention models", "variational autoencoders", "energy-based models",
    "sparse coding models", "deep belief networks", "fully connected networks",
    "mixture models", "spectral methods", "generative models", "siamese networks",
)
TECHNIQUES = (
    "dropout", "batch normalization", "data augmentation", "weight decay",
    "early stopping", "curriculum learning", "knowledge distillation", "fine-tuning",
    "spectral clustering", "contrastive learning", "importance sampling",
    "variational inference", "beam search", "affine coupling layers",
    "a low-rank factorization", "an efficient sampling scheme", "filter pruning",
)
ADJECTIVES = (
    "efficient", "scalable", "robust", "flexible", "simple", "principled", "sparse",
    "hierarchical", "differentiable", "unified", "effective", "lightweight", "adaptive",
    "fine-grained", "semi-supervised", "unsupervised", "self-supervised", "Bayesian",
)
DATASETS = (
    "SVHN", "Penn Treebank", "PASCAL VOC", "Tiny Shakespeare",
    "TIMIT", "Omniglot", "CelebA", "SST", "IMDB", "Caltech-101", "STL-10", "UCI Adult",
    "MovieLens", "Cityscapes", "WikiText",
)
METRICS = ("accuracy", "F1 score", "mean average precision", "perplexity", "BLEU score",
           "error rate", "log-likelihood", "AUC")
FIELDS = (
    "computer vision", "natural language processing", "robotics", "medical imaging",
    "finance", "bioinformatics", "information retrieval", "climate science", "recommendation",
)
PROPERTIES = (
    "expressive power", "sample efficiency", "generalization", "stability", "robustness",
    "calibration", "interpretability", "convergence", "identifiability", "sufficiency",
)
UNITS = ("training examples", "parameters", "classes", "tokens", "pixels", "layers")
REQUIREMENTS = (
    "labelled target data", "a differentiable simulator", "hand-crafted features",
    "a fixed vocabulary", "pairwise annotations", "access to the full training set",
)
TITLE_WORDS = ("Learning", "Training", "Understanding", "Revisiting", "Improving",
               "Scaling", "Regularizing", "Rethinking", "Analyzing", "Compressing")

# Sentence templates by section. Slots are filled per paper ({task}, {model}, ...); {cite}
# becomes " [n]" for a filler reference or nothing.
ABSTRACT = (
    "We study {task} with {model}.",
    "Existing approaches are often inefficient and offer limited {prop}.",
    "We propose a {adj} method based on {technique} that is easy to implement and scales to "
    "large datasets.",
    "The key idea is to learn a shared representation that is sufficient for the final task.",
    "Experiments on {dataset} and {dataset2} show that our method outperforms strong "
    "baselines in {metric}.",
    "We also provide a theoretical analysis of its {prop}.",
    "Code will be made available upon publication.",
)
INTRO = (
    "Recent years have seen rapid progress in {task}, driven by {model} trained on large "
    "datasets{cite}.",
    "Despite this progress, {task} remains difficult when labelled data are scarce or the "
    "input distribution shifts.",
    "Many existing methods rely on {technique}{cite}, which makes them sensitive to the "
    "choice of hyperparameters.",
    "In this paper we propose a {adj} approach to {task} that combines {model} with "
    "{technique}.",
    "Our main contribution is a simple and efficient training procedure whose cost grows "
    "linearly with the number of {unit}.",
    "We further show that the method offers a significant improvement in {prop} over "
    "strong baselines.",
    "Applications range from {field} to {field2}, where reliable predictions are essential.",
    "A related line of work studies the {prop} of {model}{cite}, but offers few practical "
    "guarantees.",
    "Unlike previous work, our formulation does not require {requirement}.",
    "The rest of the paper is organised as follows: we first describe the model, then "
    "report experiments, and finally discuss limitations.",
)
RELATED = (
    "Early work on {task} relied on hand-crafted features and linear classifiers{cite}.",
    "The success of {model} has led to a large body of work on {task}{cite}.",
    "Several authors have studied {technique} as a way to improve {prop}{cite}.",
    "Closest to our approach are methods that combine {model} with {technique}{cite}.",
    "Another line of research focuses on {task2}, where similar difficulties arise{cite}.",
    "Theoretical analyses of {prop} have been proposed for shallow models{cite}, but their "
    "extension to deep architectures is not straightforward.",
    "Benchmarks such as {dataset} have played a central role in this progress.",
    "Our work differs from these approaches in that it does not require {requirement}.",
)
METHOD = (
    "Let x denote an input and y its label, and let f be a parametric function with "
    "parameters w.",
    "We define the loss as the sum of a data fitting term and a regularisation term weighted "
    "by a coefficient.",
    "The encoder maps each input to a fixed-length representation, which is then fed to a "
    "classifier.",
    "Each layer applies an affine transformation followed by a rectified linear unit.",
    "The hidden layers have {hidden} units each, and the final layer uses a softmax over "
    "the classes.",
    "To reduce the variance of the estimator we subtract a baseline computed from previous "
    "mini-batches.",
    "Parameters are shared across positions, so the size of the model does not depend on "
    "the input length.",
    "This objective is a lower bound on the log-likelihood and can be optimised efficiently.",
    "In practice we find it sufficient to draw a small number of samples per example.",
    "The coefficient of the regulariser controls the trade-off between fit and simplicity.",
    "We use {technique} to prevent overfitting, following common practice{cite}.",
    "The influence of each component is studied in the ablation experiments below.",
    "Baffling as it may seem, the first-order approximation is already accurate in this "
    "regime.",
)
EXPERIMENTS = (
    "We evaluate our method on {dataset} and {dataset2}.",
    "Table 1 reports the {metric} of all methods on the test set.",
    "Our model improves the {metric} of the strongest baseline by {gain} points.",
    "All hyperparameters were selected on a held-out validation set.",
    "The results are averaged over five runs with different random seeds.",
    "We observe the largest gains when the number of {unit} is small.",
    "Figure 2 shows that the training loss decreases smoothly and the validation {metric} "
    "stabilises after a few epochs.",
    "The difference between the two variants is statistically significant.",
    "On {dataset2} the method is competitive with specialised systems{cite}.",
    "Training one model takes about {hours} hours on a single GPU, and the effect of the "
    "batch size is small.",
)
ANALYSIS = (
    "To better understand the method, we vary one component at a time and keep the others "
    "fixed.",
    "Removing {technique} reduces the {metric} by a small but consistent margin.",
    "The learned filters are smooth and resemble oriented edge detectors.",
    "Performance degrades gracefully as the amount of labelled data decreases.",
    "We also measured the sensitivity to the main hyperparameters and found the method to be "
    "stable over a wide range.",
    "Qualitative examples suggest that the model focuses on the most informative parts of "
    "the input.",
    "The computational overhead is modest: a forward pass is about {overhead} percent slower "
    "than the baseline.",
    "Failure cases mostly involve inputs that differ significantly from the training "
    "distribution.",
)
CONCLUSION = (
    "We presented a {adj} method for {task} and demonstrated its effectiveness on several "
    "benchmarks.",
    "The approach is simple to implement and adds little overhead to standard training "
    "pipelines.",
    "In future work we plan to apply the same ideas to {task2} and to study their "
    "theoretical properties.",
    "We hope that these findings will encourage further work on the {prop} of {model}.",
)
TITLES = (
    "{adj} {model} for {task}",
    "{verb} {model} with {technique}",
    "On the {prop} of {model}",
    "Towards {adj} {task}",
    "{adj} {task} via {technique}",
    "{verb} {task} from Few Examples",
)

# A first name Adam is told from the optimizer by the capitalised word after it ("Adam
# Coates"); the rule in terms.toml reads that word as [A-Z][a-z], so Adam's surnames must too.
ADAM_SURNAMES = tuple(s for s in SURNAMES if "a" <= s[1] <= "z")

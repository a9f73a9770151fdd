"""The bibliography entries the sample corpus cites for each curated term.

Real papers often name a framework or an optimizer only in their references ("Adam: A method
for stochastic optimization"), and the four researchers appear mostly as authors of cited
work. These entries are the real ones, so the sample's bibliographies read like the real
thing; an author who is one of the curated researchers is printed only when the paper is
meant to mention that researcher, otherwise the entry is shortened with "et al.".
"""

from __future__ import annotations

from dataclasses import dataclass

RESEARCHERS = {"Hinton": "hinton", "LeCun": "lecun", "Bengio": "bengio",
               "Schmidhuber": "schmidhuber", "Sutskever": "sutskever",
               "Goodfellow": "goodfellow"}


@dataclass(frozen=True)
class Ref:
    """One bibliography entry; `preprint` replaces venue and year for papers older than it."""

    authors: tuple[str, ...]
    title: str
    venue: str
    year: int
    preprint: str = ""
    names: tuple[str, ...] = ()  # other curated terms its title names (e.g. a dataset)


def _r(authors: str, title: str, venue: str, year: int, preprint: str = "",
       names: tuple[str, ...] = ()) -> Ref:
    return Ref(tuple(authors.split("; ")), title, venue, year, preprint, names)


# Entries whose title names the term: a paper can mention the term through these alone.
NAMING_REFS: dict[str, tuple[Ref, ...]] = {
    "tensorflow": (_r("M. Abadi; et al.", "TensorFlow: Large-scale machine learning on "
                      "heterogeneous systems", "Software available from tensorflow.org", 2015),),
    "caffe": (_r("Y. Jia; E. Shelhamer; J. Donahue; S. Karayev; J. Long; R. Girshick; "
                 "S. Guadarrama; T. Darrell", "Caffe: Convolutional architecture for fast "
                 "feature embedding", "In ACM Multimedia", 2014,
                 "http://caffe.berkeleyvision.org, 2013"),),
    "theano": (_r("J. Bergstra; O. Breuleux; F. Bastien; P. Lamblin; R. Pascanu; "
                  "G. Desjardins; J. Turian; D. Warde-Farley; Y. Bengio",
                  "Theano: a CPU and GPU math expression compiler", "In SciPy", 2010),),
    "torch": (_r("R. Collobert; K. Kavukcuoglu; C. Farabet", "Torch7: A Matlab-like "
                 "environment for machine learning", "In BigLearn, NIPS Workshop", 2011),),
    "keras": (_r("F. Chollet; et al.", "Keras", "https://github.com/fchollet/keras", 2015),),
    "matconvnet": (_r("A. Vedaldi; K. Lenc", "MatConvNet: Convolutional neural networks "
                      "for MATLAB", "In ACM Multimedia", 2015,
                      "arXiv preprint arXiv:1412.4564, 2014"),),
    "lasagne": (_r("S. Dieleman; J. Schlüter; C. Raffel; et al.", "Lasagne: First release",
                   "Zenodo", 2015),),
    "chainer": (_r("S. Tokui; K. Oono; S. Hido; J. Clayton", "Chainer: a next-generation "
                   "open source framework for deep learning",
                   "In LearningSys, NIPS Workshop", 2015),),
    "mxnet": (_r("T. Chen; M. Li; Y. Li; M. Lin; N. Wang; M. Wang; T. Xiao; B. Xu; C. Zhang; "
                 "Z. Zhang", "MXNet: A flexible and efficient machine learning library for "
                 "heterogeneous distributed systems", "arXiv preprint arXiv:1512.01274", 2015),),
    "cntk": (_r("D. Yu; et al.", "An introduction to computational networks and the "
                "computational network toolkit (CNTK)", "Microsoft Research", 2014),),
    "pytorch": (_r("A. Paszke; S. Gross; S. Chintala; et al.", "Automatic differentiation "
                   "in PyTorch", "In NIPS Autodiff Workshop", 2017, "http://pytorch.org, 2017"),),
    "dl4j": (_r("Deeplearning4j Development Team", "Deeplearning4j: Open-source distributed "
                "deep learning for the JVM", "http://deeplearning4j.org", 2014),),
    "sgd": (_r("L. Bottou", "Large-scale machine learning with stochastic gradient descent",
               "In COMPSTAT", 2010),),
    "momentum": (
        _r("N. Qian", "On the momentum term in gradient descent learning algorithms",
           "Neural Networks, 12(1):145-151", 1999),
        _r("I. Sutskever; J. Martens; G. Dahl; G. E. Hinton", "On the importance of "
           "initialization and momentum in deep learning", "In ICML", 2013),
    ),
    "adadelta": (_r("M. D. Zeiler", "ADADELTA: An adaptive learning rate method",
                    "arXiv preprint arXiv:1212.5701", 2012),),
    "rmsprop": (_r("T. Tieleman; G. E. Hinton", "Lecture 6.5-RMSProp: Divide the gradient by "
                   "a running average of its recent magnitude",
                   "COURSERA: Neural Networks for Machine Learning", 2012),),
    "adam": (_r("D. P. Kingma; J. Ba", "Adam: A method for stochastic optimization",
                "In ICLR", 2015, "arXiv preprint arXiv:1412.6980, 2014"),),
}

# Entries cited beside a body mention whose title does not name the term.
PLAIN_REFS: dict[str, tuple[Ref, ...]] = {
    "alexnet": (_r("A. Krizhevsky; I. Sutskever; G. E. Hinton", "ImageNet classification "
                   "with deep convolutional neural networks", "In NIPS", 2012,
                   names=("imagenet",)),),
    "vggnet": (_r("K. Simonyan; A. Zisserman", "Very deep convolutional networks for "
                  "large-scale image recognition", "In ICLR", 2015,
                  "arXiv preprint arXiv:1409.1556, 2014"),),
    "googlenet": (_r("C. Szegedy; W. Liu; Y. Jia; P. Sermanet; S. Reed; D. Anguelov; "
                     "D. Erhan; V. Vanhoucke; A. Rabinovich", "Going deeper with "
                     "convolutions", "In CVPR", 2015, "arXiv preprint arXiv:1409.4842, 2014"),),
    "resnet": (_r("K. He; X. Zhang; S. Ren; J. Sun", "Deep residual learning for image "
                  "recognition", "In CVPR", 2016, "arXiv preprint arXiv:1512.03385, 2015"),),
    "adagrad": (_r("J. Duchi; E. Hazan; Y. Singer", "Adaptive subgradient methods for online "
                   "learning and stochastic optimization", "JMLR, 12:2121-2159", 2011),),
}

# Work by the four researchers, first author first so that "Hinton et al." reads right.
RESEARCHER_REFS: dict[str, tuple[Ref, ...]] = {
    "hinton": (
        _r("G. E. Hinton; S. Osindero; Y.-W. Teh", "A fast learning algorithm for deep "
           "belief nets", "Neural Computation, 18(7):1527-1554", 2006),
        _r("G. E. Hinton; R. R. Salakhutdinov", "Reducing the dimensionality of data with "
           "neural networks", "Science, 313(5786):504-507", 2006),
    ),
    "lecun": (
        _r("Y. LeCun; L. Bottou; Y. Bengio; P. Haffner", "Gradient-based learning applied to "
           "document recognition", "Proceedings of the IEEE, 86(11):2278-2324", 1998),
        _r("Y. LeCun; Y. Bengio; G. E. Hinton", "Deep learning",
           "Nature, 521(7553):436-444", 2015),
    ),
    "bengio": (
        _r("Y. Bengio; R. Ducharme; P. Vincent; C. Jauvin", "A neural probabilistic language "
           "model", "JMLR, 3:1137-1155", 2003),
        _r("Y. Bengio", "Learning deep architectures for AI",
           "Foundations and Trends in Machine Learning, 2(1):1-127", 2009),
        _r("Y. Bengio; A. Courville; P. Vincent", "Representation learning: A review and new "
           "perspectives", "IEEE TPAMI, 35(8):1798-1828", 2013),
    ),
    "schmidhuber": (
        _r("J. Schmidhuber", "Learning complex, extended sequences using the principle of "
           "history compression", "Neural Computation, 4(2):234-242", 1992),
        _r("J. Schmidhuber", "Deep learning in neural networks: An overview",
           "Neural Networks, 61:85-117", 2015),
    ),
}


def researcher_of(author: str) -> str | None:
    """The curated researcher term an author name belongs to, if any."""
    return RESEARCHERS.get(author.rsplit(" ", 1)[-1])


def kept_authors(ref: Ref, researchers: set[str]) -> tuple[list[str], bool]:
    """Authors to print (curated researchers only if wanted) and whether any were cut."""
    listed = [a for a in ref.authors if a != "et al."]
    kept = [a for a in listed if researcher_of(a) in researchers or not researcher_of(a)]
    return kept, len(kept) < len(ref.authors)


def is_available(ref: Ref, year: int) -> bool:
    """Whether a paper of `year` can cite `ref` (published by then, or as a preprint)."""
    return ref.year <= year or bool(ref.preprint)


def format_ref(ref: Ref, researchers: set[str], year: int) -> str:
    """Render a bibliography entry for a paper of `year` that mentions `researchers`."""
    kept, cut = kept_authors(ref, researchers)
    names = _join_names(kept, cut)
    where = ref.preprint if year < ref.year and ref.preprint else f"{ref.venue}, {ref.year}"
    stop = "" if names.endswith(".") else "."
    return f"{names}{stop} {ref.title}. {where}."


def _join_names(names: list[str], cut: bool) -> str:
    if cut:
        return ", ".join(names) + (", et al." if len(names) > 1 else " et al.")
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + f", and {names[-1]}"


def short_cite(ref: Ref, researchers: set[str]) -> str:
    """How the body names a cited work: "Hinton", "Hinton and Salakhutdinov", "LeCun et al."."""
    kept, cut = kept_authors(ref, researchers)
    surnames = [a.rsplit(" ", 1)[-1] for a in kept]
    if len(surnames) == 1 and not cut:
        return surnames[0]
    if len(surnames) == 2 and not cut:
        return f"{surnames[0]} and {surnames[1]}"
    return f"{surnames[0]} et al."

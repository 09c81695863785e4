"""The suite-and-expected-results builder shared by this package's fixture generators."""

expectations = []
expected = {}


def add(id_, type_, kwargs, **result):
    """One expectation of the suite, with the result pandas gives for it."""
    expectations.append({"id": id_, "type": type_, "kwargs": kwargs})
    expected[id_] = result


def non_null(series):
    return series[series.notna()]

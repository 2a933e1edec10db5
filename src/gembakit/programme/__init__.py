"""The programme's view across assessments: batches, portfolios, comparisons and trends."""

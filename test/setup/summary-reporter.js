/**
 * Ends the run with one plain line, `tests: N passed, N failed, N skipped`, that CI reads to know
 * how many tests ran (jest's own summary says "N total", which it does not recognise).
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    process.stdout.write(`\ntests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`);
  }
}

module.exports = SummaryReporter;

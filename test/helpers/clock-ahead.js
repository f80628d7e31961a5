/**
 * Preloaded (`node --require`) into a command to run it on a machine whose clock is set
 * `CLOCK_AHEAD_MS` ahead of the database's: only the process's own clock moves.
 */
const ahead = Number(process.env.CLOCK_AHEAD_MS);
const MachineDate = Date;
globalThis.Date = class extends MachineDate {
  constructor(...args) {
    super(...(args.length ? args : [MachineDate.now() + ahead]));
  }
  static now() {
    return MachineDate.now() + ahead;
  }
};

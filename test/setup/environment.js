/**
 * jest's node environment with the host realm's Map and Set. MikroORM builds part of its entity
 * metadata with the host's Map and clones it with `instanceof Map` checks in the test realm; with
 * two realms' Maps that check fails ("Map.prototype.set called on incompatible receiver",
 * mikro-orm#3783). One Map for both realms makes the check hold.
 */
const { TestEnvironment } = require('jest-environment-node');

class KetenpoortEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.Map = Map;
    this.global.Set = Set;
  }
}

module.exports = KetenpoortEnvironment;

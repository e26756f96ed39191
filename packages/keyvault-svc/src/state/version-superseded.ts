/** The version a rotation was timed for is no longer the newest: someone else already rotated the key. */
export class VersionSuperseded extends Error {
  constructor(name: string) {
    super(`key ${name} has a newer version than the one this rotation was timed for`);
    this.name = 'VersionSuperseded';
  }
}

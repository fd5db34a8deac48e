/** Seconds since the epoch: the unit of every stored and signed time (as in JWT `exp`). */
export const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * A stand-in for a service (the software catalog, say) that implements only the methods given;
 * calling any other throws, naming the service and method, so a change in what the measured
 * code calls shows up as an error instead of silently skewing the figures.
 */
export function onlyImplemented<T extends object>(
  serviceName: string,
  methods: Partial<T>,
): T {
  return new Proxy(methods, {
    get(target, prop, receiver) {
      if (typeof prop === 'symbol' || prop === 'then' || prop in target)
        return Reflect.get(target, prop, receiver);
      return () => {
        throw new Error(
          `${serviceName}.${prop} is not provided by the benchmark's stand-in`,
        );
      };
    },
  }) as T;
}

// Module state of the locale package, as Tornado keeps it in module globals:
// the loaded translations, the supported codes, the default locale and the
// cache of Locale objects. The loaders in translations.ts replace it whole.
import type { Locale } from "./locale.ts";

/** Builds the Locale for a code; one per loaded translation set. */
export type LocaleFactory = (code: string) => Locale;

interface RegistryState {
  defaultLocale: string;
  /** Locale code -> how to build its Locale from the loaded translations. */
  factories: Map<string, LocaleFactory>;
  /** Builds a Locale for a supported code with no translations. */
  emptyFactory: LocaleFactory | null;
  supported: Set<string>;
  cache: Map<string, Locale>;
}

export const registry: RegistryState = {
  defaultLocale: "en_US",
  factories: new Map(),
  emptyFactory: null,
  supported: new Set(["en_US"]),
  cache: new Map(),
};

/** Replaces the loaded translations, as each Tornado loader does. */
export function replaceTranslations(
  factories: Map<string, LocaleFactory>,
): void {
  registry.factories = factories;
  registry.cache.clear();
  updateSupported();
}

/** Recomputes the supported codes: the loaded ones plus the default. */
export function updateSupported(): void {
  registry.supported = new Set([
    ...registry.factories.keys(),
    registry.defaultLocale,
  ]);
}

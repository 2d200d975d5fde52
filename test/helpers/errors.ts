// Names the DomainError a function throws, as `type/code` ("none" when it returns normally).
import { DomainError } from "../../workers/shared/errors";

export const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? `${e.type}/${e.code}` : "other";
  }
  return "none";
};

/**
 * The page's state (app.ts) as a typed Svelte context: App.svelte provides it, and a component that
 * shows a part of it takes it from here rather than through every level of props.
 */
import { createContext } from 'svelte';
import type { App } from './app.ts';

export const [useApp, provideApp] = createContext<App>();

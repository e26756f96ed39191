import { defineConfig } from 'vitest/config';
import { baseTestConfig } from '../../vitest.base.js';

export default defineConfig(baseTestConfig);
